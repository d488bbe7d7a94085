package io.kubelode.k8s.view;

import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.spec.ClusterSpec;
import java.util.Map;

/**
 * What the k8s layer knows of a cluster from the topics below it.
 *
 * @param spec  the spec as requested, or {@code null} when the request is not in the view
 * @param nodes NodeProvisioned by node index
 * @param lxc   LxcReady by node index
 */
public record ClusterState(String clusterId, ClusterSpec spec, Map<Integer, NodeProvisioned> nodes,
                           Map<Integer, LxcReady> lxc) {

    public ClusterState {
        nodes = Map.copyOf(nodes);
        lxc = Map.copyOf(lxc);
    }

    /** Whether nodes 1..count are provisioned and have their containers. */
    public boolean hasNodes(int count) {
        for (int n = 1; n <= count; n++) {
            if (!nodes.containsKey(n) || !lxc.containsKey(n)) {
                return false;
            }
        }
        return true;
    }
}
