package io.kubelode.network.plan;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** The network of the nodes a cluster keeps after a scale-down: nodes 1..spec.nodes(), numbers unchanged. */
public final class ScalePlan {
    private ScalePlan() {
    }

    /**
     * The plan for the remaining nodes.
     *
     * @param publicKeys node index → the node's mesh public key
     * @throws IllegalArgumentException when a remaining node is not provisioned
     */
    public static ClusterNetwork remaining(String clusterId, ClusterSpec spec, Map<Integer, NodeProvisioned> provisioned,
                                           IntFunction<String> publicKeys) {
        Map<Integer, NodeEndpoint> endpoints = new LinkedHashMap<>();
        Map<Integer, String> keys = new LinkedHashMap<>();
        for (int n = 1; n <= spec.nodes(); n++) {
            NodeProvisioned node = provisioned.get(n);
            if (node == null) {
                throw new IllegalArgumentException("node " + n + " of " + clusterId + " is not provisioned");
            }
            endpoints.put(n, new NodeEndpoint(n, node.publicIpv4(), node.privateIpv4()));
            keys.put(n, publicKeys.apply(n));
        }
        return NetworkPlanner.plan(clusterId, spec, AddressPlan.of(spec), endpoints, keys);
    }
}
