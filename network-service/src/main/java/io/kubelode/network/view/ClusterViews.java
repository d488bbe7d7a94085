package io.kubelode.network.view;

import io.kubelode.events.Topics;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.kafka.TopicFollower;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network layer's memory, rebuilt from the event topics on every start (a {@link TopicFollower}
 * of the gateway, provisioner, lxc and network topics). Nothing lives only in this process, so
 * {@code kill -9} loses nothing: the next start folds the same history into the same states. Before
 * acting on a trigger, a handler waits for {@link #barrier()}: the view then includes every record
 * written before the trigger.
 */
public final class ClusterViews implements AutoCloseable {
    private static final List<String> TOPICS = List.of(Topics.GATEWAY, Topics.PROVISIONER, Topics.LXC,
            Topics.NETWORK);

    private final Map<String, ClusterView> views = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public ClusterViews(String bootstrapServers) {
        this.follower = new TopicFollower(bootstrapServers, "network-views", TOPICS, this::fold);
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
        ClusterView view = views.get(clusterId);
        if (view == null) {
            return new ClusterView(clusterId).state();
        }
        synchronized (view) {
            return view.state();
        }
    }

    /** Why the view stopped following the topics, if it did. */
    public Throwable failure() {
        return follower.failure();
    }

    private void fold(CloudEvent event) {
        ClusterView view = views.computeIfAbsent(event.subject(), ClusterView::new);
        synchronized (view) {
            view.apply(event.data(), event.time());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
