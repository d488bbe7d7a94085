package io.kubelode.dns.plan;

import io.kubelode.events.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scale-down's first step, planned: the names the cluster owns in a domain keep answering, with
 * the addresses of the nodes that stay (1..keep, in node order) and none of the leaving nodes'.
 */
public final class Withdrawal {
    private Withdrawal() {
    }

    /** The addresses of nodes 1..keep, in node order. */
    public static List<String> remaining(Map<Integer, String> addresses, int keep) {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= keep; n++) {
            String a = addresses.get(n);
            if (a != null && !out.contains(a)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new PlanException(FailureReason.NO_NODE_ADDRESSES,
                    "no address of the remaining nodes 1.." + keep + " is known");
        }
        return out;
    }

    /** The addresses of the leaving nodes, in node order (those known). */
    public static List<String> leaving(Map<Integer, String> addresses, List<Integer> nodes) {
        return nodes.stream().sorted().map(addresses::get).filter(a -> a != null).toList();
    }

    /** Every name the cluster owns in the observed domain, answering with {@code remaining}. */
    public static DesiredRecords records(String clusterId, ObservedRecords observed, List<String> remaining, int ttl) {
        TreeMap<String, List<String>> names = new TreeMap<>();
        observed.names().values().stream()
                .filter(n -> n.ownedBy(clusterId) && !Ownership.isOwnerName(n.name()))
                .forEach(n -> names.put(n.name(), remaining));
        return new DesiredRecords(clusterId, observed.domain(), names, ttl);
    }
}
