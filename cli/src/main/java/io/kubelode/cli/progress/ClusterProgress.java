package io.kubelode.cli.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.cli.render.Times;
import io.kubelode.events.Compensation;
import io.kubelode.events.EventType;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster's progress folded from its event history (the gateway's SSE entries: position, type,
 * topic, time, data): per node and per layer, done / failed / released with the time it happened,
 * and the phase by the saga's one fold ({@link Lifecycle}), as the gateway folds it. Pure: no I/O,
 * the caller supplies "now".
 */
public final class ClusterProgress {
    /** The first failure: which layer, on which node (null: every node), why. */
    public record Failure(Layer layer, Integer node, FailureReason reason, String message) {
        /** The failure as the person reads it; the reason by its code, as on the wire. */
        public String describe() {
            return "the " + layer.label() + " layer failed" + (node == null ? "" : " on node " + node) + ": "
                    + FailureReason.codeOf(reason)
                    + (message == null || message.isBlank() ? "" : " (" + message + ")");
        }
    }

    /**
     * The latest repair of a node (NodeRepairStarted, then NodeRepaired or NodeRepairFailed).
     *
     * @param repair     {@code REBOOT} or {@code REPLACE}
     * @param finishedAt null while under way
     * @param seconds    the provisioner's count, start to DNS published again; null unless repaired
     * @param reason     a failure's code; null unless it failed
     */
    public record Repair(int node, String repair, long linodeId, String cause, Instant startedAt, Instant finishedAt,
                         Double seconds, String reason, String message) {
        public boolean failed() {
            return reason != null;
        }

        /** How long it took, or has been running at {@code now}. */
        public Duration elapsed(Instant now) {
            if (seconds != null) {
                // rounded, as the gateway rounds it
                return Duration.ofSeconds(Math.round(seconds));
            }
            return startedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt == null ? now : finishedAt);
        }

        /** The repair as the person reads it. */
        public String describe(Instant now) {
            if (failed()) {
                return "repair of node " + node + " (" + repair + ") failed: " + reason
                        + (message == null || message.isBlank() ? "" : " (" + message + ")")
                        + "; the cluster serves on its other nodes, a person is needed";
            }
            if (finishedAt != null) {
                return "node " + node + " " + StepText.repaired(repair) + " in " + Times.clock(elapsed(now));
            }
            return "node " + node + ": " + repair + " of Linode " + linodeId + " under way"
                    + (cause == null || cause.isBlank() ? "" : " (" + cause + ")");
        }
    }

    private record Cell(Status status, Instant at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String clusterId;
    private final TreeMap<Integer, Map<Layer, Cell>> nodes = new TreeMap<>();
    private final Map<Integer, Instant> nodeStart = new TreeMap<>();
    private Instant requestedAt;
    private Instant lastEventAt;
    private String lastStep = "waiting for the first event";
    private long lastPosition = -1;
    private final Lifecycle lifecycle = new Lifecycle();
    private Failure failure;
    private Repair repair;
    /** Whether the latest thing asked of the cluster is a repair (not its creation, a scale or a delete). */
    private boolean repairing;

    public ClusterProgress(String clusterId) {
        this.clusterId = clusterId;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Folds one history entry in; returns the one-line description of what happened. */
    public String apply(JsonNode entry) {
        String type = entry.path("type").asText();
        JsonNode data = entry.path("data");
        Instant t = Times.parse(entry.path("time"));
        if (t == null) {
            t = lastEventAt == null ? Instant.EPOCH : lastEventAt;
        }
        lastEventAt = t;
        lastPosition = entry.path("position").asLong(lastPosition + 1);
        Layer layer = Layer.ofTopic(entry.path("topic").asText());
        EventType known = EventType.ofType(type).orElse(null);
        KubelodeEvent event = read(known, data);
        if (event != null) {
            lifecycle.apply(event);
            fold(known, event, layer, data, t);
        }
        lastStep = StepText.of(type, known, event, layer, data);
        return lastStep;
    }

    /** The payload as its record; null for a type this CLI does not know (a newer version) or cannot read. */
    private static KubelodeEvent read(EventType known, JsonNode data) {
        if (known == null) {
            return null;
        }
        try {
            return JSON.treeToValue(data, known.payload());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private void fold(EventType type, KubelodeEvent event, Layer layer, JsonNode data, Instant t) {
        int node = data.path("node").asInt(0);
        switch (type) {
            case CLUSTER_REQUESTED -> {
                requestedAt = t;
                repairing = false;
                resize(data.path("spec").path("nodes").asInt(0), t);
            }
            case CLUSTER_DELETE_REQUESTED -> repairing = false;
            case CLUSTER_SCALE_REQUESTED -> {
                repairing = false;
                resize(data.path("spec").path("nodes").asInt(0), t);
                // the cluster-wide layers run again for the new node count
                nodes.values().forEach(cells -> cells.keySet().removeIf(l -> !l.perNode()));
            }
            case NODE_PROVISIONED -> set(Layer.INSTANCE, node, Status.DONE, t);
            case LXC_READY -> set(Layer.CONTAINERS, node, Status.DONE, t);
            case NETWORK_ROUTED -> setAll(Layer.NETWORK, Status.DONE, t);
            case CLUSTER_JOINED -> setAll(Layer.KUBERNETES, Status.DONE, t);
            case APPS_DEPLOYED -> setAll(Layer.APPS, Status.DONE, t);
            case DNS_PUBLISHED -> {
                setAll(Layer.DNS, Status.DONE, t);
                if (repairing && repair != null && repair.finishedAt() == null) {
                    // Ready again: the repair's end (NodeRepaired, with the provisioner's count, follows)
                    repair = new Repair(repair.node(), repair.repair(), repair.linodeId(), repair.cause(),
                            repair.startedAt(), t, null, null, null);
                }
            }
            case NODE_REPAIR_STARTED -> {
                // every layer does its part of the node again: its cells start over
                repairing = true;
                Map<Layer, Cell> cells = nodes.get(node);
                if (cells != null) {
                    cells.clear();
                    nodeStart.put(node, t);
                }
                repair = new Repair(node, data.path("repair").asText(), data.path("linodeId").asLong(),
                        data.path("cause").asText(null), t, null, null, null, null);
            }
            case NODE_REPAIRED -> {
                Repair r = repair != null && repair.node() == node && !repair.failed() ? repair
                        : new Repair(node, data.path("repair").asText(), data.path("linodeId").asLong(), null, null,
                                null, null, null, null);
                repair = new Repair(node, data.path("repair").asText(r.repair()), r.linodeId(), r.cause(),
                        r.startedAt(), t, data.path("seconds").isNumber() ? data.path("seconds").asDouble() : null,
                        null, null);
            }
            case NODE_REPAIR_FAILED -> {
                Repair r = repair != null && repair.node() == node && repair.finishedAt() == null ? repair
                        : new Repair(node, data.path("repair").asText(), 0, null, null, null, null, null, null);
                repair = new Repair(node, data.path("repair").asText(r.repair()), r.linodeId(), r.cause(),
                        r.startedAt(), t, null, data.path("reason").asText("Unrecognized"),
                        data.path("message").asText(null));
                // where the repair stopped: the node's first layer that did not report again
                Layer stopped = nodes.containsKey(node) ? current(node) : null;
                if (stopped != null) {
                    set(stopped, node, Status.FAILED, t);
                }
            }
            default -> {
                if (layer != null && event instanceof io.kubelode.events.Failure f) {
                    failed(layer, node, f, t);
                } else if (layer != null && event instanceof Compensation) {
                    released(layer, t);
                }
            }
        }
    }

    private void failed(Layer layer, int node, io.kubelode.events.Failure f, Instant t) {
        Integer where = layer.perNode() && node > 0 ? node : null;
        if (where != null) {
            set(layer, node, Status.FAILED, t);
        } else {
            setAll(layer, Status.FAILED, t);
        }
        if (failure == null) {
            failure = new Failure(layer, where, f.reason(), f.message());
        }
    }

    private void released(Layer layer, Instant t) {
        // a failed cell stays failed: it says where the rollback came from
        nodes.keySet().stream().filter(n -> status(layer, n) != Status.FAILED)
                .forEach(n -> set(layer, n, Status.RELEASED, t));
    }

    private void resize(int count, Instant t) {
        nodes.keySet().removeIf(n -> n > count);
        nodeStart.keySet().removeIf(n -> n > count);
        for (int n = 1; n <= count; n++) {
            if (!nodes.containsKey(n)) {
                nodes.put(n, new EnumMap<>(Layer.class));
                nodeStart.put(n, t);
            }
        }
    }

    private void set(Layer layer, int node, Status status, Instant t) {
        if (node > 0) {
            nodes.computeIfAbsent(node, k -> {
                nodeStart.putIfAbsent(k, requestedAt == null ? t : requestedAt);
                return new EnumMap<>(Layer.class);
            }).put(layer, new Cell(status, t));
        }
    }

    private void setAll(Layer layer, Status status, Instant t) {
        nodes.keySet().forEach(n -> set(layer, n, status, t));
    }

    /** The phase, as the gateway folds it. */
    public Phase phase() {
        return lifecycle.phase();
    }

    /** The node indexes, ascending. */
    public List<Integer> nodes() {
        return List.copyOf(nodes.keySet());
    }

    /** Where {@code layer} is on {@code node}. */
    public Status status(Layer layer, int node) {
        Cell c = cell(layer, node);
        if (c != null) {
            return c.status();
        }
        Phase p = phase();
        if (p != Phase.Pending && p != Phase.Provisioning && p != Phase.Repairing) {
            return Status.PENDING;
        }
        return started(layer, node) != null ? Status.RUNNING : Status.PENDING;
    }

    /** When {@code layer} could start on {@code node}: its layer below is done there (everywhere, for a cluster-wide layer). */
    public Instant started(Layer layer, int node) {
        Layer below = layer.below();
        if (below == null) {
            return nodeStart.get(node);
        }
        if (layer.perNode()) {
            Cell c = cell(below, node);
            return c != null && c.status() == Status.DONE ? c.at() : null;
        }
        Instant latest = null;
        for (int n : nodes.keySet()) {
            Cell c = cell(below, n);
            if (c == null || c.status() != Status.DONE) {
                return null;
            }
            latest = latest == null || c.at().isAfter(latest) ? c.at() : latest;
        }
        return latest;
    }

    /** When {@code layer} finished on {@code node} (done, failed or released), or null. */
    public Instant finished(Layer layer, int node) {
        Cell c = cell(layer, node);
        return c == null ? null : c.at();
    }

    /** How long {@code layer} took or has been running on {@code node}, or null before it started. */
    public Duration elapsed(Layer layer, int node, Instant now) {
        Instant start = started(layer, node);
        if (start == null) {
            Cell c = cell(layer, node);
            return c == null || requestedAt == null ? null : Duration.between(requestedAt, c.at());
        }
        Instant end = finished(layer, node);
        return Duration.between(start, end == null ? now : end);
    }

    /**
     * How long {@code layer} took or has been running over all nodes, or null before it started anywhere;
     * during a repair (and after it), on the repaired node.
     */
    public Duration elapsed(Layer layer, Instant now) {
        if (repairEpisode() && nodes.containsKey(repair.node())) {
            return elapsed(layer, repair.node(), now);
        }
        Instant first = null;
        Instant last = null;
        boolean open = false;
        for (int n : nodes.keySet()) {
            Instant s = started(layer, n);
            if (s != null && (first == null || s.isBefore(first))) {
                first = s;
            }
            Instant f = finished(layer, n);
            if (f == null) {
                open = true;
            } else if (last == null || f.isAfter(last)) {
                last = f;
            }
        }
        if (first == null) {
            return null;
        }
        return Duration.between(first, open || last == null ? now : last);
    }

    /** How many nodes have {@code layer} in {@code status}. */
    public int count(Layer layer, Status status) {
        return (int) nodes.keySet().stream().filter(n -> status(layer, n) == status).count();
    }

    /** The layer a node works on now: a failed one, else its first layer not done, or null when all are done. */
    public Layer current(int node) {
        for (Layer l : Layer.values()) {
            if (status(l, node) == Status.FAILED) {
                return l;
            }
        }
        for (Layer l : Layer.values()) {
            if (status(l, node) != Status.DONE) {
                return l;
            }
        }
        return null;
    }

    /** Time since the request, up to {@code now} (or the last event, once the cluster settled). */
    public Duration elapsed(Instant now) {
        if (requestedAt == null) {
            return Duration.ZERO;
        }
        Phase p = phase();
        boolean settled = p == Phase.Ready || p == Phase.Failed || p == Phase.RolledBack || p == Phase.Deleted
                || p == Phase.Degraded;
        return Duration.between(requestedAt, settled && lastEventAt != null ? lastEventAt : now);
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    public String lastStep() {
        return lastStep;
    }

    public long lastPosition() {
        return lastPosition;
    }

    /** The first failure, or null. */
    public Failure failure() {
        return failure;
    }

    /** The latest repair of a node, or null when there was none. */
    public Repair repair() {
        return repair;
    }

    /** Whether a repair is the latest thing that happened to the cluster (not its creation, a scale or a delete). */
    public boolean repairEpisode() {
        return repairing && repair != null;
    }

    /** The closing line for the phase, e.g. {@code cluster x is Ready after 04:12}. */
    public String summary() {
        String took = requestedAt == null || lastEventAt == null ? ""
                : " after " + Times.clock(Duration.between(requestedAt, lastEventAt));
        if (phase() == Phase.Ready && repairEpisode() && repair.finishedAt() != null) {
            return "cluster " + clusterId + " is Ready again: " + repair.describe(lastEventAt);
        }
        return switch (phase()) {
            case Ready -> "cluster " + clusterId + " is Ready" + took;
            case Degraded -> "cluster " + clusterId + " is Degraded"
                    + (repair == null ? "" : ": " + repair.describe(lastEventAt));
            case Deleted -> "cluster " + clusterId + " is Deleted";
            case RolledBack -> "cluster " + clusterId + " was rolled back" + took
                    + (failure == null ? "" : ": " + failure.describe());
            case Failed -> "cluster " + clusterId + " Failed" + took + " (kept for debugging, keepOnFailure)"
                    + (failure == null ? "" : ": " + failure.describe());
            default -> "cluster " + clusterId + " is " + phase();
        };
    }

    private Cell cell(Layer layer, int node) {
        Map<Layer, Cell> cells = nodes.get(node);
        return cells == null ? null : cells.get(layer);
    }
}
