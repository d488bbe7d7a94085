package io.kubelode.support.saga;

import io.kubelode.events.Lifecycle;
import io.kubelode.events.Topics;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.kafka.TopicFollower;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Whether a cluster's saga has turned backwards ({@link Lifecycle#turnsBackwards}): once any layer
 * failed, any layer compensated (rollback or delete), or the person asked for a delete, no layer may
 * take a forward step for that cluster again. Without the fence a redelivered forward event (a service killed before it
 * acknowledged) would rebuild a layer after its teardown: records re-published after DNS was
 * cleaned, apps redeployed on a reset cluster.
 *
 * <p>The fence follows every kubelode topic from the beginning ({@link TopicFollower}), so a
 * restarted service knows at once what happened while it was down. {@link #fenced(String)} first
 * waits for the follower to reach the end of the topics as of the call: a delete written before the
 * forward event was consumed is always seen.
 */
public final class SagaFence implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SagaFence.class);
    private final Set<String> fenced = ConcurrentHashMap.newKeySet();
    private final TopicFollower follower;

    public SagaFence(String bootstrapServers, String service) {
        this.follower = new TopicFollower(bootstrapServers, service + "-fence", Topics.ALL, this::fold);
    }

    public SagaFence start() {
        follower.start();
        return this;
    }

    /** Completes with whether the cluster is fenced, counting every record on the topics now. */
    public CompletableFuture<Boolean> fenced(String clusterId) {
        return follower.barrier().thenApply(x -> fenced.contains(clusterId));
    }

    /**
     * Runs a forward step unless the cluster is fenced; a fenced cluster's step completes with
     * {@code skipped} and leaves a log line. The step starts off the follower's thread.
     */
    public <T> CompletableFuture<T> forward(String clusterId, String step,
                                            Supplier<? extends CompletionStage<T>> work, T skipped) {
        return fenced(clusterId).thenComposeAsync(isFenced -> {
            if (isFenced) {
                LOG.infof("%s: %s skipped: the cluster is being rolled back or deleted", clusterId, step);
                return CompletableFuture.completedFuture(skipped);
            }
            return work.get();
        });
    }

    /** What the fence knows now, without waiting: for a re-check right before publishing. */
    public boolean fencedNow(String clusterId) {
        return fenced.contains(clusterId);
    }

    private void fold(CloudEvent event) {
        if (Lifecycle.turnsBackwards(event.data())) {
            fenced.add(event.subject());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
