package io.kubelode.dns.plan;

import java.util.List;
import java.util.Set;

/** Which node addresses a name answers with, given which nodes are down. */
public final class AddressSelection {
    private AddressSelection() {
    }

    /**
     * Every healthy node's address, in node order. When no node is healthy the name still answers
     * (a name without addresses is worse than a possibly dead one): it keeps exactly one address,
     * the first that is published now, so nothing flaps while everything is down.
     *
     * @param nodes     every node address, in node order
     * @param down      addresses of nodes that stayed down
     * @param published addresses the names answer with now
     */
    public static List<String> select(List<String> nodes, Set<String> down, Set<String> published) {
        List<String> healthy = nodes.stream().filter(a -> !down.contains(a)).toList();
        if (!healthy.isEmpty()) {
            return healthy;
        }
        return List.of(nodes.stream().filter(published::contains).findFirst().orElse(nodes.get(0)));
    }
}
