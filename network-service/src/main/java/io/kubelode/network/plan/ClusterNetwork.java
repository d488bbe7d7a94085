package io.kubelode.network.plan;

import io.kubelode.events.plan.AddressPlan;
import java.util.List;

/**
 * The network of a whole cluster: the address plan and every node's configuration.
 *
 * @param clusterId the cluster
 * @param plan      the address plan it is built from
 * @param backup    where the home peer may connect, or {@code null} without a home peer
 * @param nodes     one entry per node, in index order
 */
public record ClusterNetwork(String clusterId, AddressPlan plan, HomeGuard backup, List<NodeNetwork> nodes) {
    public ClusterNetwork {
        nodes = List.copyOf(nodes);
    }

    /** The configuration of node {@code n}. */
    public NodeNetwork node(int n) {
        return nodes.stream().filter(x -> x.node() == n).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + n));
    }
}
