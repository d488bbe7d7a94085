package io.kubelode.network.view;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.spec.ClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the network layer knows of one cluster, folded from the event topics.
 *
 * @param spec        the cluster as last requested (created or scaled), or {@code null} if not seen
 * @param provisioned every provisioned node's underlay addresses and SSH endpoint, by index
 * @param lxcReady    the nodes whose containers are ready
 * @param routedNodes how many nodes the last NetworkRouted covered (0: none, or released since)
 * @param failed      whether the network failed since the cluster was last requested or scaled: the
 *                    saga is rolling back, and a late or redelivered LxcReady must not start it again
 * @param released    whether the network was released since the cluster was last requested or scaled:
 *                    likewise, a late LxcReady must not route a cluster that is being torn down
 */
public record ClusterState(String clusterId, ClusterSpec spec, Map<Integer, NodeProvisioned> provisioned,
                           Set<Integer> lxcReady, int routedNodes, boolean failed, boolean released) {

    public ClusterState {
        provisioned = Map.copyOf(provisioned);
        lxcReady = Set.copyOf(lxcReady);
    }

    /** Nodes the cluster should have now. */
    public int nodeCount() {
        return spec == null ? 0 : spec.nodes();
    }

    /** Whether every node of the cluster is provisioned and has its containers. */
    public boolean ready() {
        if (spec == null) {
            return false;
        }
        for (int n = 1; n <= nodeCount(); n++) {
            if (!provisioned.containsKey(n) || !lxcReady.contains(n)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the network already covers exactly the nodes the cluster should have. */
    public boolean routed() {
        return routedNodes > 0 && routedNodes == nodeCount();
    }

    /** Provisioned node indexes, in order. */
    public List<Integer> provisionedNodes() {
        return provisioned.keySet().stream().sorted().toList();
    }
}
