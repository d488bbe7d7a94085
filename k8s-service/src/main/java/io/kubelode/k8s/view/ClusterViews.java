package io.kubelode.k8s.view;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.kafka.TopicFollower;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The k8s layer's memory, rebuilt from the event topics on every start (a {@link TopicFollower} of
 * the gateway, provisioner and lxc topics), so {@code kill -9} loses nothing. A handler waits for
 * {@link #barrier()} before acting: the view then holds every record written before its trigger.
 */
public final class ClusterViews implements AutoCloseable {
    private static final List<String> TOPICS = List.of(Topics.GATEWAY, Topics.PROVISIONER, Topics.LXC);

    private static final class View {
        ClusterSpec spec;
        final Map<Integer, NodeProvisioned> nodes = new HashMap<>();
        final Map<Integer, LxcReady> lxc = new HashMap<>();
    }

    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public ClusterViews(String bootstrapServers) {
        this.follower = new TopicFollower(bootstrapServers, "k8s-views", TOPICS, this::fold);
    }

    public ClusterViews start() {
        follower.start();
        return this;
    }

    /** Completes once every record on the topics now has been folded in. */
    public CompletableFuture<Void> barrier() {
        return follower.barrier();
    }

    /** The state of a cluster; an unknown cluster has an empty state. */
    public ClusterState state(String clusterId) {
        View v = views.get(clusterId);
        if (v == null) {
            return new ClusterState(clusterId, null, Map.of(), Map.of());
        }
        synchronized (v) {
            return new ClusterState(clusterId, v.spec, v.nodes, v.lxc);
        }
    }

    private void fold(CloudEvent event) {
        View v = views.computeIfAbsent(event.subject(), id -> new View());
        synchronized (v) {
            apply(v, event.data());
        }
    }

    private static void apply(View v, KubelodeEvent e) {
        if (e instanceof ClusterRequested r) {
            v.spec = r.spec();
        } else if (e instanceof ClusterScaleRequested s) {
            v.spec = s.spec();
        } else if (e instanceof NodeProvisioned p) {
            v.nodes.put(p.node(), p);
        } else if (e instanceof LxcReady l) {
            v.lxc.put(l.node(), l);
        } else if (e instanceof NodesReleased) {
            v.nodes.clear();
        } else if (e instanceof LxcReleased) {
            v.lxc.clear();
        } else if (e instanceof NodesRemoved r) {
            r.nodes().forEach(v.nodes::remove);
            r.nodes().forEach(v.lxc::remove);
        } else if (e instanceof LxcNodesReleased r) {
            r.nodes().forEach(v.lxc::remove);
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
