package io.kubelode.dns.provider.rfc2136;

import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.dns.plan.ObservedName;
import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.Ownership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/** Reads a transferred zone into what the plan compares with. */
final class ZoneRecords {
    private ZoneRecords() {
    }

    static ObservedRecords observe(String domain, List<Record> zone) {
        Map<String, Set<String>> addresses = new HashMap<>();
        Map<String, Integer> ttls = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (Record r : zone) {
            String name = DnsPlanner.normalise(r.getName().toString());
            if (r instanceof ARecord a && under(name, domain)) {
                addresses.computeIfAbsent(name, n -> new TreeSet<>()).add(a.getAddress().getHostAddress());
                ttls.put(name, (int) a.getTTL());
            } else if (r instanceof TXTRecord t && Ownership.isOwnerName(name)
                    && under(Ownership.ownedName(name), domain)) {
                Ownership.ownerOf(String.join("", t.getStrings()))
                        .ifPresent(owner -> owners.put(Ownership.ownedName(name), owner));
            }
        }
        List<ObservedName> names = new ArrayList<>();
        Set<String> all = new TreeSet<>(addresses.keySet());
        all.addAll(owners.keySet());
        for (String n : all) {
            names.add(new ObservedName(n, addresses.getOrDefault(n, Set.of()), ttls.getOrDefault(n, -1),
                    Optional.ofNullable(owners.get(n))));
        }
        return ObservedRecords.of(domain, names);
    }

    private static boolean under(String name, String domain) {
        return name.equals(domain) || name.endsWith("." + domain);
    }
}
