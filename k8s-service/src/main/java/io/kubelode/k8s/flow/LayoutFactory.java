package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.plan.NodeAddresses;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.ClusterNode;
import io.kubelode.k8s.view.ClusterState;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a cluster from NetworkRouted (the address plan: the very numbers the lxc and
 * network layers used) and the view (public addresses, container names, Kubernetes version).
 */
public final class LayoutFactory {
    private LayoutFactory() {
    }

    public static ClusterLayout of(NetworkRouted routed, ClusterState state) {
        if (state.spec() == null) {
            throw new K8sStepException(FailureReason.CLUSTER_UNKNOWN, "no ClusterRequested for " + routed.clusterId());
        }
        List<ClusterNode> nodes = new ArrayList<>();
        for (NodeAddresses a : routed.plan().nodes()) {
            NodeProvisioned p = state.nodes().get(a.node());
            LxcReady l = state.lxc().get(a.node());
            if (p == null || l == null) {
                throw new K8sStepException(FailureReason.CLUSTER_UNKNOWN, "node " + a.node() + " of "
                        + routed.clusterId() + " has no " + (p == null ? "NodeProvisioned" : "LxcReady"));
            }
            if (!a.masterAddress().equals(l.master().address()) || !a.workerAddress().equals(l.worker().address())) {
                throw new K8sStepException(FailureReason.CLUSTER_UNKNOWN, "node " + a.node()
                        + ": the containers' addresses differ from the address plan");
            }
            nodes.add(new ClusterNode(a.node(), p.publicIpv4(), l.master().name(), a.masterAddress(),
                    l.worker().name(), a.workerAddress()));
        }
        try {
            return new ClusterLayout(routed.clusterId(), state.spec().kubernetesVersion(), routed.plan(), nodes,
                    state.spec().domain());
        } catch (IllegalArgumentException e) {
            throw new K8sStepException(FailureReason.UNSUPPORTED_KUBERNETES_VERSION, e.getMessage());
        }
    }
}
