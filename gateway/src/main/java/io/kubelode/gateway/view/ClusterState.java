package io.kubelode.gateway.view;

import static io.kubelode.gateway.view.Condition.FALSE;
import static io.kubelode.gateway.view.Condition.TRUE;
import static io.kubelode.gateway.view.Condition.UNKNOWN;

import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsNodesWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.Failure;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.ClusterNodesDrained;
import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.LxcEvent.LxcFailed;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.events.Phase;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The state of one cluster, folded from its events. Not thread-safe: the {@link ReadModel} guards it. */
final class ClusterState {
    private final String id;
    private final List<HistoryEntry> history = new ArrayList<>();
    private final java.util.Set<String> seenIds = new java.util.HashSet<>();
    private final Map<Layer, Condition> layers = new EnumMap<>(Layer.class);
    private final TreeMap<Integer, NodeState> nodes = new TreeMap<>();
    private ClusterSpec spec;
    private Instant createdAt;
    private Instant updatedAt;
    private final Lifecycle lifecycle = new Lifecycle();
    private Condition ready = new Condition("Ready", UNKNOWN, "Pending", "waiting for the first layer", null);
    private List<AppView> apps = List.of();
    private Map<String, List<String>> dnsRecords = Map.of();
    private String apiEndpoint;
    private AddressPlan addressPlan;
    /** The latest repair, or null; {@link #repairCondition} says how it went. */
    private RepairState repair;
    private Condition repairCondition;

    /** The reason of every condition a repair under way has not re-reported yet. */
    static final String REPAIRING = "Repairing";
    /** The reason of the conditions a failed repair left unknown. */
    static final String DEGRADED = "Degraded";
    /** The condition type saying how the latest repair went. */
    static final String REPAIR_CONDITION = "NodeRepaired";

    private static final class NodeState {
        final Map<Layer, Condition> conditions = new EnumMap<>(Layer.class);
        String label;
        Long linodeId;
        String publicIpv4;
        String privateIpv4;
    }

    private static final class RepairState {
        int node;
        Repair repair;
        String state;
        String cause;
        Instant startedAt;
        Instant finishedAt;
        Double seconds;
        Long linodeId;
        String publicIpv4;
        Long newLinodeId;
        String newPublicIpv4;
        String reason;
        String message;

        RepairView view() {
            return new RepairView(node, repair, state, cause, startedAt, finishedAt, seconds, linodeId, publicIpv4,
                    newLinodeId, newPublicIpv4, reason, message);
        }
    }

    ClusterState(String id) {
        this.id = id;
        for (Layer layer : Layer.values()) {
            layers.put(layer, new Condition(layer.conditionType(), UNKNOWN, "Pending", "not reported yet", null));
        }
    }

    List<HistoryEntry> history() {
        return history;
    }

    /**
     * Appends the record to the history and folds it into the conditions; a record whose
     * CloudEvents id was seen already (a producer's retry) is skipped and gives null.
     */
    HistoryEntry apply(FeedRecord r) {
        var ce = r.event();
        if (!seenIds.add(ce.id())) {
            return null;
        }
        HistoryEntry entry = new HistoryEntry(history.size(), ce.id(), ce.type().type(), ce.source(), ce.time(),
                r.topic(), r.partition(), r.offset(), ce.data(), EventText.of(ce.data()));
        history.add(entry);
        updatedAt = ce.time();
        lifecycle.apply(ce.data());
        fold(ce.data(), ce.time());
        ready = ready.observe(phase() == Phase.Ready ? TRUE : FALSE, phase().name(), phaseMessage(), ce.time());
        return entry;
    }

    private void fold(KubelodeEvent e, Instant t) {
        if (e instanceof ClusterRequested r) {
            spec = r.spec();
            createdAt = t;
            resizeNodes(spec.nodes(), t);
        } else if (e instanceof ClusterScaleRequested s) {
            spec = s.spec();
            resizeNodes(spec.nodes(), t);
            layers.replaceAll((l, c) -> c.observe(UNKNOWN, "Scaling", "scaling from " + s.fromNodes() + " to "
                    + s.spec().nodes() + " nodes", t));
        } else if (e instanceof NodeProvisioned p) {
            // a later NodeProvisioned of the same index (a replaced node) takes the place of the earlier one
            NodeState n = node(p.node(), t);
            n.label = p.label();
            n.linodeId = p.linodeId();
            n.publicIpv4 = p.publicIpv4();
            n.privateIpv4 = p.privateIpv4();
            if (repair != null && repair.node == p.node() && RepairView.REPAIRING.equals(repair.state)) {
                repair.newLinodeId = p.linodeId();
                repair.newPublicIpv4 = p.publicIpv4();
            }
            nodeCondition(p.node(), Layer.INSTANCE, TRUE, "Provisioned", "Linode " + p.linodeId() + " "
                    + p.label() + " at " + p.publicIpv4() + " in " + p.region(), t);
        } else if (e instanceof NodeProvisionFailed f) {
            nodeCondition(f.node(), Layer.INSTANCE, FALSE, FailureReason.codeOf(f.reason()), f.message(), t);
        } else if (e instanceof LxcReady l) {
            nodeCondition(l.node(), Layer.CONTAINERS, TRUE, "ContainersRunning", l.master().name() + ", "
                    + l.worker().name() + " unprivileged, SELinux " + l.selinux(), t);
        } else if (e instanceof LxcFailed f) {
            nodeCondition(f.node(), Layer.CONTAINERS, FALSE, FailureReason.codeOf(f.reason()), f.message(), t);
        } else if (e instanceof NetworkRouted n) {
            addressPlan = n.plan();
            for (NodeRoutes routes : n.nodes()) {
                nodeCondition(routes.node(), Layer.NETWORK, TRUE, "Routed", "mesh key " + routes.meshPublicKey(), t);
            }
            layerCondition(Layer.NETWORK, TRUE, "Routed", n.nodes().size() + " node(s) on the mesh", t);
        } else if (e instanceof ClusterJoined j) {
            apiEndpoint = j.apiEndpoint();
            joined(j, t);
        } else if (e instanceof AppsDeployed a) {
            apps = a.apps().stream().map(d -> appView(d)).toList();
            long ready = a.apps().stream().filter(DeployedApp::ready).count();
            setAllNodes(Layer.APPS, TRUE, "Deployed", ready + " of " + a.apps().size() + " app(s) ready", t);
        } else if (e instanceof DnsPublished d) {
            dnsRecords = Collections.unmodifiableMap(new TreeMap<>(d.records()));
            setAllNodes(Layer.DNS, TRUE, "Published", d.records().size() + " name(s) published", t);
        } else if (e instanceof DnsAddressWithdrawn w) {
            nodeCondition(w.node(), Layer.DNS, FALSE, FailureReason.codeOf(w.reason()),
                    w.address() + " withdrawn from every name", t);
        } else if (e instanceof DnsAddressRestored r) {
            nodeCondition(r.node(), Layer.DNS, TRUE, "Restored", r.address() + " back in every name", t);
        } else if (e instanceof DnsNodesWithdrawn w) {
            dnsRecords = Collections.unmodifiableMap(new TreeMap<>(w.records()));
            layerCondition(Layer.DNS, UNKNOWN, "Scaling", "nodes " + w.nodes() + " withdrawn from every name", t);
        } else if (e instanceof ClusterNodesDrained d) {
            layerCondition(Layer.KUBERNETES, UNKNOWN, "Scaling", "nodes " + d.nodes() + " drained and removed, "
                    + d.etcdMembers() + " etcd member(s) left", t);
        } else if (e instanceof NetworkNodesDetached n) {
            addressPlan = n.plan();
            layerCondition(Layer.NETWORK, UNKNOWN, "Scaling", "nodes " + n.nodes() + " left the mesh", t);
        } else if (e instanceof NodesRemoved r) {
            // the end of a scale-down: every layer kept the remaining nodes as they were
            r.nodes().forEach(nodes::remove);
            layers.replaceAll((l, c) -> c.observe(TRUE, "Scaled", "nodes " + r.nodes() + " removed", t));
        } else if (e instanceof NodeRepairStarted s) {
            repairStarted(s, t);
        } else if (e instanceof NodeRepaired r) {
            repaired(r, t);
        } else if (e instanceof NodeRepairFailed f) {
            repairFailed(f, t);
        }
        if (e instanceof Failure f) {
            Layer layer = layerOf(e);
            if (layer != Layer.INSTANCE && layer != Layer.CONTAINERS) {
                setAllNodes(layer, FALSE, FailureReason.codeOf(f.reason()), f.message(), t);
            }
        }
        if (e instanceof Compensation c) {
            compensated(e, c, t);
        }
    }

    /**
     * Every condition of the node, and every layer's, is Unknown ({@value #REPAIRING}) until the layer
     * reports for the node again: the forward chain's events come again during a repair.
     */
    private void repairStarted(NodeRepairStarted s, Instant t) {
        NodeState n = nodes.get(s.node());
        repair = new RepairState();
        repair.node = s.node();
        repair.repair = s.repair();
        repair.state = RepairView.REPAIRING;
        repair.cause = s.cause();
        repair.startedAt = t;
        repair.linodeId = s.linodeId();
        repair.publicIpv4 = n == null ? null : n.publicIpv4;
        repair.message = "node " + s.node() + " is being " + (s.repair() == Repair.REPLACE ? "replaced"
                : "checked after a reboot") + " (Linode " + s.linodeId()
                + (repair.publicIpv4 == null ? "" : " at " + repair.publicIpv4)
                + (s.cause() == null || s.cause().isBlank() ? "" : ": " + s.cause()) + ")";
        String onNode = "repair under way: " + s.repair() + (s.cause() == null || s.cause().isBlank() ? ""
                : " (" + s.cause() + ")");
        if (n != null) {
            n.conditions.replaceAll((l, c) -> c.observe(UNKNOWN, REPAIRING, onNode, t));
        }
        layers.replaceAll((l, c) -> c.observe(UNKNOWN, REPAIRING, "node " + s.node() + ": " + s.repair()
                + " under way", t));
        repairCondition = observeRepair(UNKNOWN, REPAIRING, repair.message, t);
    }

    private void repaired(NodeRepaired r, Instant t) {
        NodeState n = nodes.get(r.node());
        if (repair == null || repair.node != r.node() || !RepairView.REPAIRING.equals(repair.state)) {
            // its start is not in the history (or is another node's): what the event itself says
            repair = new RepairState();
            repair.node = r.node();
            repair.repair = r.repair();
            repair.linodeId = r.linodeId();
            repair.startedAt = t.minusMillis(Math.round(r.seconds() * 1000));
        }
        repair.repair = r.repair();
        repair.state = RepairView.REPAIRED;
        repair.finishedAt = t;
        repair.seconds = r.seconds();
        if (repair.newLinodeId == null) {
            repair.newLinodeId = n != null && n.linodeId != null ? n.linodeId : r.linodeId();
            repair.newPublicIpv4 = n == null ? null : n.publicIpv4;
        }
        repair.message = "node " + r.node() + " " + EventText.done(r.repair()) + " in " + EventText.took(r.seconds())
                + ": Linode " + repair.linodeId + (repair.publicIpv4 == null ? "" : " at " + repair.publicIpv4)
                + (r.repair() == Repair.REPLACE || !java.util.Objects.equals(repair.linodeId, repair.newLinodeId)
                        ? " -> Linode " + repair.newLinodeId
                                + (repair.newPublicIpv4 == null ? "" : " at " + repair.newPublicIpv4) : "")
                + (repair.cause == null || repair.cause.isBlank() ? "" : " (cause: " + repair.cause + ")");
        repairCondition = observeRepair(TRUE, r.repair() == Repair.REPLACE ? "Replaced"
                : r.repair() == Repair.REBOOT ? "Rebooted" : "Repaired", repair.message, t);
    }

    /**
     * The node's lowest condition the repair did not bring back is False with the failure (where it
     * stopped); the ones above it, and the layers still waiting for the node, are Unknown ({@value #DEGRADED}).
     */
    private void repairFailed(NodeRepairFailed f, Instant t) {
        String code = FailureReason.codeOf(f.reason());
        if (repair == null || repair.node != f.node() || !RepairView.REPAIRING.equals(repair.state)) {
            repair = new RepairState();
            repair.node = f.node();
        }
        repair.repair = f.repair();
        repair.state = RepairView.FAILED;
        repair.finishedAt = t;
        repair.reason = code;
        repair.message = EventText.repairFailed(f) + "; the cluster serves on its other nodes, a person is needed";
        NodeState n = nodes.get(f.node());
        if (n != null) {
            boolean first = true;
            for (Layer layer : Layer.values()) {
                Condition c = n.conditions.get(layer);
                if (REPAIRING.equals(c.reason())) {
                    n.conditions.put(layer, first
                            ? c.observe(FALSE, code, "repair failed: " + (f.message() == null ? code : f.message()), t)
                            : c.observe(UNKNOWN, DEGRADED, "not repaired", t));
                    first = false;
                }
            }
        }
        layers.replaceAll((l, c) -> REPAIRING.equals(c.reason())
                ? c.observe(UNKNOWN, DEGRADED, "node " + f.node() + " not repaired (" + code + ")", t) : c);
        if (n != null) {
            summariseNodeLayer(Layer.INSTANCE, t);
            summariseNodeLayer(Layer.CONTAINERS, t);
        }
        repairCondition = observeRepair(FALSE, code, repair.message, t);
    }

    private Condition observeRepair(String status, String reason, String message, Instant t) {
        return repairCondition == null ? new Condition(REPAIR_CONDITION, status, reason, message, t)
                : repairCondition.observe(status, reason, message, t);
    }

    private void joined(ClusterJoined j, Instant t) {
        Map<Integer, Boolean> readyByNode = new TreeMap<>();
        for (K8sNode k : j.nodes()) {
            readyByNode.merge(k.node(), k.ready(), Boolean::logicalAnd);
        }
        readyByNode.forEach((node, ok) -> nodeCondition(node, Layer.KUBERNETES, ok ? TRUE : FALSE,
                ok ? "Joined" : "NodeNotReady", ok ? "control plane and worker Ready" : "a kubelet is not Ready", t));
        layerCondition(Layer.KUBERNETES, TRUE, "Joined", "Kubernetes " + j.kubernetesVersion() + ", "
                + j.etcdMembers() + " etcd member(s), API " + j.apiEndpoint(), t);
    }

    private void compensated(KubelodeEvent e, Compensation c, Instant t) {
        String why = c.cause() == Cause.DELETE ? "Deleted" : "RolledBack";
        setAllNodes(layerOf(e), FALSE, why, "released (" + FailureReason.codeOf(c.reason()) + ")", t);
    }

    private static Layer layerOf(KubelodeEvent e) {
        String topic = io.kubelode.events.EventType.of(e).topic();
        return Arrays.stream(Layer.values()).filter(l -> l.topic().equals(topic)).findFirst().orElseThrow();
    }

    private AppView appView(DeployedApp d) {
        String host = spec == null || spec.domain() == null ? null : spec.hostOf(d.app());
        return new AppView(d.app().id(), host, d.url(), d.ready());
    }

    private void resizeNodes(int count, Instant t) {
        nodes.keySet().removeIf(n -> n > count);
        for (int n = 1; n <= count; n++) {
            node(n, t);
        }
    }

    private NodeState node(int n, Instant t) {
        return nodes.computeIfAbsent(n, k -> {
            NodeState s = new NodeState();
            for (Layer layer : Layer.values()) {
                s.conditions.put(layer, new Condition(layer.conditionType(), UNKNOWN, "Pending", "not reported yet", t));
            }
            return s;
        });
    }

    private void nodeCondition(int n, Layer layer, String status, String reason, String message, Instant t) {
        NodeState s = node(n, t);
        s.conditions.put(layer, s.conditions.get(layer).observe(status, reason, message, t));
        if (layer == Layer.INSTANCE || layer == Layer.CONTAINERS) {
            summariseNodeLayer(layer, t);
        }
    }

    /** A per-node layer is True when every node is, False when any node is. */
    private void summariseNodeLayer(Layer layer, Instant t) {
        long ok = nodes.values().stream().filter(s -> TRUE.equals(s.conditions.get(layer).status())).count();
        Condition bad = nodes.values().stream().map(s -> s.conditions.get(layer))
                .filter(c -> FALSE.equals(c.status())).findFirst().orElse(null);
        if (bad != null) {
            layerCondition(layer, FALSE, bad.reason(), bad.message(), t);
        } else if (ok == nodes.size()) {
            layerCondition(layer, TRUE, layer == Layer.INSTANCE ? "Provisioned" : "ContainersRunning",
                    "all " + ok + " node(s)", t);
        } else {
            layerCondition(layer, UNKNOWN, "InProgress", ok + " of " + nodes.size() + " node(s)", t);
        }
    }

    private void setAllNodes(Layer layer, String status, String reason, String message, Instant t) {
        for (Integer n : new ArrayList<>(nodes.keySet())) {
            NodeState s = nodes.get(n);
            s.conditions.put(layer, s.conditions.get(layer).observe(status, reason, message, t));
        }
        layerCondition(layer, status, reason, message, t);
    }

    private void layerCondition(Layer layer, String status, String reason, String message, Instant t) {
        layers.put(layer, layers.get(layer).observe(status, reason, message, t));
    }

    /** The spec's name, or null before the request was read. */
    String name() {
        return spec == null ? null : spec.name();
    }

    /** The phase: the saga's one fold ({@link Lifecycle}). */
    Phase phase() {
        return lifecycle.phase();
    }

    private String phaseMessage() {
        Phase phase = phase();
        if (phase == Phase.Repairing && repair != null) {
            NodeState n = nodes.get(repair.node);
            String next = n == null ? null : n.conditions.values().stream().filter(c -> !TRUE.equals(c.status()))
                    .findFirst().map(Condition::type).orElse(null);
            return repair.message + "; the cluster serves on its other nodes"
                    + (next == null ? "" : "; waiting for " + next + " on node " + repair.node);
        }
        if (phase == Phase.Degraded && repair != null) {
            return repair.message;
        }
        return layers.values().stream().filter(c -> !TRUE.equals(c.status())).findFirst()
                .map(c -> c.type() + ": " + c.reason() + (c.message() == null ? "" : " (" + c.message() + ")"))
                .orElse("every layer reported");
    }

    ClusterView view() {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(ready);
        conditions.addAll(layers.values());
        if (repairCondition != null) {
            conditions.add(repairCondition);
        }
        List<NodeView> nodeViews = nodes.entrySet().stream().map(en -> new NodeView(en.getKey(), en.getValue().label,
                en.getValue().linodeId, en.getValue().publicIpv4, en.getValue().privateIpv4,
                List.copyOf(en.getValue().conditions.values()))).toList();
        return new ClusterView(id, spec == null ? null : spec.name(), phase(), spec, createdAt, updatedAt,
                history.size(), List.copyOf(conditions), nodeViews, apps, dnsRecords, apiEndpoint, addressPlan,
                repair == null ? null : repair.view());
    }
}
