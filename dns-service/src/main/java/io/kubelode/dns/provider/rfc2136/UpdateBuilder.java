package io.kubelode.dns.provider.rfc2136;

import io.kubelode.dns.plan.Ownership;
import io.kubelode.dns.plan.RecordChange;
import io.kubelode.dns.plan.RecordChange.AddAddress;
import io.kubelode.dns.plan.RecordChange.AddOwner;
import io.kubelode.dns.plan.RecordChange.RemoveAddress;
import io.kubelode.dns.plan.RecordChange.RemoveOwner;
import io.kubelode.dns.plan.RecordChange.Retime;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** One RFC 2136 UPDATE message for a list of changes; deletes name exact records, never whole sets. */
final class UpdateBuilder {
    /** TTL of ownership records: nobody resolves them in a hurry. */
    static final int OWNER_TTL = 300;

    private UpdateBuilder() {
    }

    static Update build(Name zone, List<RecordChange> changes) {
        Update update = new Update(zone);
        for (RecordChange c : changes) {
            if (c instanceof AddOwner o) {
                // prerequisite: nobody put A records here since the name was observed free
                update.absent(name(o.name()), Type.A);
                update.add(owner(o.name(), o.clusterId()));
            } else if (c instanceof RemoveOwner o) {
                update.delete(owner(o.name(), o.clusterId()));
            } else if (c instanceof AddAddress a) {
                update.add(a(a.name(), a.address(), a.ttl()));
            } else if (c instanceof RemoveAddress a) {
                update.delete(a(a.name(), a.address(), 0));
            } else if (c instanceof Retime r) {
                update.delete(a(r.name(), r.address(), 0));
                update.add(a(r.name(), r.address(), r.ttl()));
            }
        }
        return update;
    }

    private static TXTRecord owner(String name, String clusterId) {
        return new TXTRecord(name(Ownership.ownerName(name)), DClass.IN, OWNER_TTL, Ownership.value(clusterId));
    }

    private static ARecord a(String name, String address, int ttl) {
        try {
            return new ARecord(name(name), DClass.IN, ttl, InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }
}
