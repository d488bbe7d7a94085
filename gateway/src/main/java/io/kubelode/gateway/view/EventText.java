package io.kubelode.gateway.view;

import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsNodesWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.EventType;
import io.kubelode.events.Failure;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.ClusterNodesDrained;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.ProvisionerEvent.Repair;
import java.util.Arrays;

/**
 * One line saying what an event means, for a person reading a cluster's history (the
 * {@code summary} of {@link HistoryEntry}, the dashboard's event list, the webhook's message).
 * Made from the event alone, so a replay gives the same text.
 */
final class EventText {
    private EventText() {
    }

    static String of(KubelodeEvent e) {
        if (e instanceof ClusterRequested r) {
            return "requested: " + r.spec().nodes() + " x " + r.spec().nodeType() + " in " + r.spec().region();
        } else if (e instanceof ClusterScaleRequested s) {
            return "scale requested: " + s.fromNodes() + " -> " + s.spec().nodes() + " nodes";
        } else if (e instanceof ClusterDeleteRequested) {
            return "delete requested";
        } else if (e instanceof NodeProvisioned p) {
            return "node " + p.node() + ": Linode " + p.linodeId() + " " + p.label() + " at " + p.publicIpv4()
                    + " provisioned";
        } else if (e instanceof LxcReady l) {
            return "node " + l.node() + ": containers " + l.master().name() + " and " + l.worker().name() + " running";
        } else if (e instanceof NetworkRouted n) {
            return "network: " + n.nodes().size() + " node(s) on the mesh";
        } else if (e instanceof ClusterJoined j) {
            return "kubernetes " + j.kubernetesVersion() + " joined: " + j.etcdMembers() + " etcd member(s), API "
                    + j.apiEndpoint();
        } else if (e instanceof AppsDeployed a) {
            return "apps: " + a.apps().stream().filter(DeployedApp::ready).count() + " of " + a.apps().size()
                    + " ready";
        } else if (e instanceof DnsPublished d) {
            return "dns: " + d.records().size() + " name(s) published";
        } else if (e instanceof DnsAddressWithdrawn w) {
            return "dns: node " + w.node() + "'s address " + w.address() + " withdrawn ("
                    + FailureReason.codeOf(w.reason()) + ")";
        } else if (e instanceof DnsAddressRestored r) {
            return "dns: node " + r.node() + "'s address " + r.address() + " restored";
        } else if (e instanceof DnsNodesWithdrawn w) {
            return "dns: nodes " + w.nodes() + " withdrawn from every name";
        } else if (e instanceof ClusterNodesDrained d) {
            return "kubernetes: nodes " + d.nodes() + " drained and removed";
        } else if (e instanceof NetworkNodesDetached n) {
            return "network: nodes " + n.nodes() + " left the mesh";
        } else if (e instanceof LxcNodesReleased l) {
            return "containers: nodes " + l.nodes() + " removed";
        } else if (e instanceof NodesRemoved r) {
            return "instance: nodes " + r.nodes() + " deleted";
        } else if (e instanceof NodeRepairStarted s) {
            return repairStarted(s);
        } else if (e instanceof NodeRepaired r) {
            return "node " + r.node() + ": " + done(r.repair()) + " in " + took(r.seconds()) + " (Linode "
                    + r.linodeId() + ")";
        } else if (e instanceof NodeRepairFailed f) {
            return repairFailed(f) + "; the cluster serves on its other nodes, a person is needed";
        } else if (e instanceof Failure f) {
            return layer(e) + " FAILED: " + FailureReason.codeOf(f.reason())
                    + (f.message() == null || f.message().isBlank() ? "" : " - " + f.message());
        } else if (e instanceof Compensation c) {
            return layer(e) + ": released (" + (c.cause() == Cause.DELETE ? "delete"
                    : "rollback: " + FailureReason.codeOf(c.reason())) + ")";
        }
        return EventType.of(e).type();
    }

    /** {@code node 2: repair started - REPLACE of Linode 40001, cause: linode_delete finished (event 90211)}. */
    static String repairStarted(NodeRepairStarted s) {
        return "node " + s.node() + ": repair started - " + s.repair() + " of Linode " + s.linodeId()
                + (s.cause() == null || s.cause().isBlank() ? "" : ", cause: " + s.cause());
    }

    /** {@code repair of node 2 (REPLACE) failed: LinodeCreateRejected - POST ...}. */
    static String repairFailed(NodeRepairFailed f) {
        return "repair of node " + f.node() + " (" + f.repair() + ") failed: " + FailureReason.codeOf(f.reason())
                + (f.message() == null || f.message().isBlank() ? "" : " - " + f.message());
    }

    /** {@code replaced} or {@code checked after a reboot}. */
    static String done(Repair repair) {
        return repair == Repair.REPLACE ? "replaced" : repair == Repair.REBOOT ? "checked after a reboot"
                : "repaired";
    }

    /** {@code 42 s}, {@code 6 min 52 s}, {@code 1 h 02 min}. */
    static String took(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + String.format("%02d", (s % 3600) / 60) + " min";
    }

    /** The label of the layer whose topic the event is on. */
    private static String layer(KubelodeEvent e) {
        String topic = EventType.of(e).topic();
        Layer layer = Arrays.stream(Layer.values()).filter(l -> l.topic().equals(topic)).findFirst().orElse(null);
        String label = layer == null ? "cluster" : layer.name().toLowerCase();
        Integer node = e instanceof io.kubelode.events.ProvisionerEvent.NodeProvisionFailed f ? f.node()
                : e instanceof io.kubelode.events.LxcEvent.LxcFailed f ? f.node() : null;
        return node == null ? label : "node " + node + ": " + label;
    }
}
