package io.kubelode.network.view;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.NetworkEvent.NetworkFailed;
import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.spec.ClusterSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Folds one cluster's events into its {@link ClusterState}. Pure; the caller serialises access. */
final class ClusterView {
    private final String clusterId;
    private ClusterSpec spec;
    private final Map<Integer, NodeProvisioned> provisioned = new HashMap<>();
    private final Set<Integer> lxcReady = new HashSet<>();
    private int routedNodes;
    private boolean failed;
    private boolean released;

    ClusterView(String clusterId) {
        this.clusterId = clusterId;
    }

    void apply(KubelodeEvent event) {
        if (event instanceof ClusterRequested e) {
            spec = e.spec();
            failed = false;
            released = false;
        } else if (event instanceof ClusterScaleRequested e) {
            spec = e.spec();
            failed = false;
            released = false;
        } else if (event instanceof NodeProvisioned e) {
            provisioned.put(e.node(), e);
        } else if (event instanceof NodesReleased) {
            provisioned.clear();
            lxcReady.clear();
        } else if (event instanceof LxcReady e) {
            lxcReady.add(e.node());
        } else if (event instanceof LxcReleased) {
            lxcReady.clear();
        } else if (event instanceof NetworkRouted e) {
            routedNodes = e.plan() == null ? 0 : e.plan().nodes().size();
            failed = false;
        } else if (event instanceof NetworkFailed) {
            failed = true;
        } else if (event instanceof NetworkReleased) {
            routedNodes = 0;
            released = true;
        } else if (event instanceof NodesRemoved e) {
            e.nodes().forEach(provisioned::remove);
            e.nodes().forEach(lxcReady::remove);
        } else if (event instanceof LxcNodesReleased e) {
            e.nodes().forEach(lxcReady::remove);
        } else if (event instanceof NetworkNodesDetached e) {
            routedNodes = e.plan() == null ? 0 : e.plan().nodes().size();
        }
    }

    ClusterState state() {
        return new ClusterState(clusterId, spec, provisioned, lxcReady, routedNodes, failed, released);
    }
}
