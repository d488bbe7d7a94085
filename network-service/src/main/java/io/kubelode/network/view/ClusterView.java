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
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.spec.ClusterSpec;
import java.time.Instant;
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
    /** When each node's last repair started, and the latest of them. */
    private final Map<Integer, Instant> repairs = new HashMap<>();
    private Instant lastRepair;

    ClusterView(String clusterId) {
        this.clusterId = clusterId;
    }

    void apply(KubelodeEvent event) {
        apply(event, null);
    }

    /**
     * With the record's time: the topics are read side by side, so after a restart a repair's start can be
     * folded before the older LxcReady or NetworkRouted it made stale; those are then ignored.
     */
    void apply(KubelodeEvent event, Instant time) {
        if (time != null && (event instanceof NetworkRouted && lastRepair != null && time.isBefore(lastRepair)
                || event instanceof LxcReady l && repairs.containsKey(l.node()) && time.isBefore(repairs.get(l.node())))) {
            return;
        }
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
        } else if (event instanceof NodeRepairStarted e) {
            // the repaired node's containers are made again and the whole mesh applied again after them
            // (a replacement has a new public address, the other nodes' peers must follow it)
            lxcReady.remove(e.node());
            routedNodes = 0;
            if (time != null) {
                repairs.put(e.node(), time);
                lastRepair = lastRepair == null || time.isAfter(lastRepair) ? time : lastRepair;
            }
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
