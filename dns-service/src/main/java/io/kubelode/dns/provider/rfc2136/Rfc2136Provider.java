package io.kubelode.dns.provider.rfc2136;

import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.dns.plan.ObservedName;
import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.Ownership;
import io.kubelode.dns.plan.RecordChange;
import io.kubelode.dns.provider.DnsProvider;
import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.FailureReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Publishes records on a self-hosted DNS server through RFC 2136 dynamic updates signed with TSIG
 * (BIND, Knot, PowerDNS...). It observes with a TSIG-signed zone transfer, and sends all changes
 * of one step as one UPDATE message, which the server applies atomically. The zone must exist;
 * kubelode never creates or deletes zones here.
 */
public final class Rfc2136Provider implements DnsProvider {
    private final Rfc2136Settings settings;
    private final Name zone;
    private final TSIG tsig;

    public Rfc2136Provider(Rfc2136Settings settings) {
        this.settings = settings;
        try {
            this.zone = Name.fromString(DnsPlanner.normalise(settings.zone()) + ".");
            this.tsig = new TSIG(Name.fromString(settings.algorithm() + "."), settings.keyName(), settings.secret());
        } catch (TextParseException | IllegalArgumentException e) {
            // the message never quotes the secret
            throw new IllegalArgumentException("RFC 2136 zone or TSIG key is malformed (zone " + settings.zone()
                    + ", key " + settings.keyName() + ", algorithm " + settings.algorithm() + ")");
        }
    }

    @Override
    public String kind() {
        return "rfc2136";
    }

    @Override
    public Reconcile ensureDomain(String domain, String clusterId) {
        requireInZone(domain);
        Message answer = send(Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)), "SOA query");
        if (answer.getRcode() != Rcode.NOERROR || answer.getSection(org.xbill.DNS.Section.ANSWER).stream()
                .noneMatch(r -> r.getType() == Type.SOA)) {
            throw new DnsProviderException(FailureReason.ZONE_NOT_SERVED, "the server " + server()
                    + " does not serve zone " + zone + " (" + Rcode.string(answer.getRcode()) + ")", false);
        }
        return Reconcile.NOOP;
    }

    @Override
    public ObservedRecords observe(String domain) {
        String apex = DnsPlanner.normalise(domain);
        requireInZone(apex);
        return ZoneRecords.observe(apex, transfer());
    }

    @Override
    public void apply(String domain, List<RecordChange> changes) {
        requireInZone(domain);
        if (changes.isEmpty()) {
            return;
        }
        Update update = UpdateBuilder.build(zone, changes);
        Message answer = send(update, "UPDATE");
        int rcode = answer.getRcode();
        if (rcode == Rcode.NOERROR) {
            return;
        }
        // YXRRSET: a prerequisite failed because someone changed a name since it was observed
        boolean retry = rcode == Rcode.SERVFAIL || rcode == Rcode.YXRRSET;
        throw new DnsProviderException(retry ? FailureReason.DNS_UPDATE_RACED : FailureReason.DNS_UPDATE_REFUSED,
                "the server " + server() + " answered " + Rcode.string(rcode) + " to an update of " + changes.size()
                        + " records in " + zone, retry);
    }

    @Override
    public Set<String> domainsOf(String clusterId) {
        ObservedRecords all = ZoneRecords.observe(DnsPlanner.normalise(zone.toString()), transfer());
        return all.hasNamesOf(clusterId) ? Set.of(all.domain()) : Set.of();
    }

    @Override
    public Reconcile releaseDomain(String domain, String clusterId) {
        return Reconcile.NOOP;
    }

    private void requireInZone(String domain) {
        String d = DnsPlanner.normalise(domain);
        String z = DnsPlanner.normalise(zone.toString());
        if (!d.equals(z) && !d.endsWith("." + z)) {
            throw new DnsProviderException(FailureReason.DOMAIN_OUTSIDE_ZONE,
                    "domain " + d + " is not inside the configured zone " + z, false);
        }
    }

    private List<Record> transfer() {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(zone, new InetSocketAddress(settings.host(), settings.port()),
                tsig);
        xfr.setTimeout(settings.timeout());
        try {
            xfr.run();
            return xfr.getAXFR();
        } catch (ZoneTransferException e) {
            throw new DnsProviderException(FailureReason.ZONE_TRANSFER_REFUSED,
                    "the server " + server() + " refused a zone transfer of " + zone + ": " + e.getMessage(), false, e);
        } catch (IOException e) {
            throw new DnsProviderException(FailureReason.DNS_SERVER_UNREACHABLE,
                    "zone transfer of " + zone + " from " + server() + " failed: " + e.getMessage(), true, e);
        }
    }

    private Message send(Message message, String what) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(settings.host(), settings.port()));
        resolver.setTCP(true);
        resolver.setTimeout(settings.timeout());
        resolver.setTSIGKey(tsig);
        Message answer;
        try {
            answer = resolver.send(message);
        } catch (IOException e) {
            throw new DnsProviderException(FailureReason.DNS_SERVER_UNREACHABLE, what + " to " + server() + " failed: "
                    + e.getMessage(), true, e);
        }
        if (answer.getRcode() == Rcode.NOTAUTH || answer.isSigned() && !answer.isVerified()) {
            throw new DnsProviderException(FailureReason.TSIG_REJECTED, what + " to " + server() + ": the TSIG key "
                    + settings.keyName() + " was not accepted (" + Rcode.string(answer.getRcode()) + ")", false);
        }
        return answer;
    }

    private String server() {
        return settings.host() + ":" + settings.port();
    }
}
