package io.kubelode.dns.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What should exist for one cluster: every name (the apex and each app host) with the same
 * round-robin A records, one per published node address.
 *
 * @param clusterId the owner
 * @param domain    the apex, lower case, no trailing dot
 * @param names     name → addresses (in node order), sorted by name
 * @param ttl       TTL of every A record, seconds
 */
public record DesiredRecords(String clusterId, String domain, SortedMap<String, List<String>> names, int ttl) {

    public DesiredRecords {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        names.forEach((n, a) -> copy.put(n, List.copyOf(a)));
        names = Collections.unmodifiableSortedMap(copy);
    }

    /** The same names answering with other addresses (health-aware withdrawal or restore). */
    public DesiredRecords withAddresses(List<String> addresses) {
        TreeMap<String, List<String>> next = new TreeMap<>();
        names.keySet().forEach(n -> next.put(n, addresses));
        return new DesiredRecords(clusterId, domain, next, ttl);
    }

    /** The addresses every name answers with. */
    public List<String> addresses() {
        return names.isEmpty() ? List.of() : names.get(names.firstKey());
    }

    /** Name → addresses, as DnsPublished carries it. */
    public Map<String, List<String>> asEventRecords() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        names.forEach((n, a) -> out.put(n, new ArrayList<>(a)));
        return out;
    }
}
