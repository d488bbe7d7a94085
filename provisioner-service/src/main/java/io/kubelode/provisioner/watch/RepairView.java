package io.kubelode.provisioner.watch;

import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the watch knows of every cluster, folded from all topics: its spec, its nodes' instances, whether it
 * is Ready, the repair under way and the Linode events that already started one. The topics are read
 * side by side, so nothing here depends on the order of records of different topics: Ready is "DNS
 * published (or a scale-down ended) after the last request", compared by the records' times, and a repair
 * is done once DNS was published after it started. Records of one topic come in order. Thread-safe.
 */
public final class RepairView {

    /** One cluster, as the watch needs it. */
    public static final class Cluster {
        private final String clusterId;
        private ClusterSpec spec;
        private boolean backwards;
        private Instant changed = Instant.MIN;
        private Instant published;
        private final Map<Integer, NodeProvisioned> nodes = new HashMap<>();
        private final Map<Integer, Instant> withdrawn = new HashMap<>();
        private NodeRepairStarted repair;
        private Instant repairStarted;
        private final Set<String> causes = new HashSet<>();

        Cluster(String clusterId) {
            this.clusterId = clusterId;
        }

        void apply(KubelodeEvent e, Instant time) {
            if (Lifecycle.turnsBackwards(e)) {
                backwards = true;
            }
            if (e instanceof ClusterRequested r) {
                spec = r.spec();
                changed = max(changed, time);
            } else if (e instanceof ClusterScaleRequested s) {
                spec = s.spec();
                changed = max(changed, time);
            } else if (e instanceof DnsPublished || e instanceof NodesRemoved) {
                published = published == null ? time : max(published, time);
            }
            if (e instanceof NodeProvisioned p) {
                nodes.put(p.node(), p);
                withdrawn.remove(p.node());
            } else if (e instanceof NodesRemoved r) {
                r.nodes().forEach(nodes::remove);
            } else if (e instanceof DnsAddressWithdrawn w) {
                withdrawn.put(w.node(), time);
            } else if (e instanceof DnsAddressRestored r) {
                withdrawn.remove(r.node());
            } else if (e instanceof NodeRepairStarted s) {
                repair = s;
                repairStarted = time;
                causes.add(s.cause());
            } else if (e instanceof NodeRepaired || e instanceof NodeRepairFailed) {
                repair = null;
                repairStarted = null;
            }
        }

        private static Instant max(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }

        public String clusterId() {
            return clusterId;
        }

        public ClusterSpec spec() {
            return spec;
        }

        /** DNS published after the last request, nothing turned backwards, no repair open. */
        public boolean ready() {
            return !backwards && spec != null && published != null && published.isAfter(changed) && repair == null;
        }

        /** Whether a delete, a failure or a rollback ended the cluster's forward life. */
        public boolean ended() {
            return backwards;
        }

        /** The node's current instance, as its last NodeProvisioned announced it. */
        public Optional<NodeProvisioned> node(int n) {
            return Optional.ofNullable(nodes.get(n));
        }

        public List<NodeProvisioned> nodes() {
            return new ArrayList<>(nodes.values());
        }

        /** The node of the instance {@code linodeId}, if it is one of this cluster's current instances. */
        public Optional<NodeProvisioned> byLinode(long linodeId) {
            return nodes.values().stream().filter(p -> p.linodeId() == linodeId).findFirst();
        }

        /** Since when the DNS layer's health watch has held the node's address out of the names. */
        public Optional<Instant> withdrawnSince(int n) {
            return Optional.ofNullable(withdrawn.get(n));
        }

        /** The repair under way, if one is. */
        public Optional<NodeRepairStarted> repair() {
            return Optional.ofNullable(repair);
        }

        /** When the open repair started. */
        public Instant repairStarted() {
            return repairStarted;
        }

        /** When DNS was published after the open repair started: the repair reached Ready. */
        public Optional<Instant> repairedAt() {
            return repair != null && published != null && published.isAfter(repairStarted)
                    ? Optional.of(published) : Optional.empty();
        }

        /** Whether a repair with this cause (one Linode event, one loss) was started already. */
        public boolean started(String cause) {
            return causes.contains(cause);
        }
    }

    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();

    /** Folds one record in. */
    public void fold(CloudEvent event) {
        Cluster c = clusters.computeIfAbsent(event.subject(), Cluster::new);
        synchronized (c) {
            c.apply(event.data(), event.time() == null ? Instant.now() : event.time());
        }
    }

    /** The clusters known, each a copy-safe view to read under its own lock via {@link #read}. */
    public List<String> clusterIds() {
        return List.copyOf(clusters.keySet());
    }

    /** Reads one cluster under its lock. */
    public <T> T read(String clusterId, java.util.function.Function<Cluster, T> reader) {
        Cluster c = clusters.computeIfAbsent(clusterId, Cluster::new);
        synchronized (c) {
            return reader.apply(c);
        }
    }
}
