package io.kubelode.layer;

import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import io.kubelode.support.saga.SagaFence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The Kafka side of every layer service, written once. It reads the layer's one work channel ({@code
 * work}: every topic whose events trigger a step, one consumer per process, so the range assignor gives
 * a process all of a cluster's records however many processes share the group) and for each record:
 * <ul>
 * <li>decodes it; an unreadable record goes to the channel's dead-letter topic;</li>
 * <li>acknowledges at once a record that triggers no step, or whose step this process already
 * completed (a redelivery after a rebalance);</li>
 * <li>runs the step and moves on to the next record at once: records of other clusters are worked on
 * side by side; with {@link LayerSteps#inClusterOrder()} a step starts once the cluster's step before it
 * has completed, otherwise the layer keeps its own order;</li>
 * <li>skips a {@linkplain LayerSteps#forward forward} step whose cluster's saga turned backwards
 * ({@link SagaFence}) when it would start, with a log line;</li>
 * <li>acknowledges the record when the step completed (its events on the broker), or dead-letters it
 * when the step failed. The throttled commit strategy commits a partition only up to its oldest
 * unsettled record, so a crash redelivers whatever was in flight, and each step is an idempotent
 * ensure.</li>
 * </ul>
 */
@ApplicationScoped
public class LayerRuntime {
    private static final Logger LOG = Logger.getLogger(LayerRuntime.class);
    private static final int REMEMBERED_IDS = 10_000;

    @Inject
    Layer layer;
    @Inject
    SagaFence fence;

    private final RecentIds done = new RecentIds(REMEMBERED_IDS);
    private final ClusterOrder order = new ClusterOrder();
    private volatile LayerSteps steps;

    @Incoming("work")
    public CompletionStage<Void> work(Message<String> message) {
        CloudEvent event;
        try {
            event = EventMessages.read(message);
        } catch (PoisonEvent e) {
            LOG.warnf("dead-lettering an unreadable record: %s", e.getMessage());
            return message.nack(e);
        }
        Optional<LayerSteps.Declared<?>> step = steps().stepFor(event.data());
        if (step.isEmpty() || done.contains(event.id())) {
            return message.ack();
        }
        LOG.infof("%s: handling %s (%s)", event.subject(), event.type().type(), event.id());
        CompletionStage<?> work = run(step.get(), event).thenRun(() -> done.add(event.id()));
        return EventMessages.settleWhenDone(message, work, failure -> LOG.errorf(failure,
                "%s: %s (%s) failed; to the dead letter topic", event.subject(), event.type().type(), event.id()));
    }

    private CompletionStage<?> run(LayerSteps.Declared<?> step, CloudEvent event) {
        return steps().isInClusterOrder() ? order.run(event.subject(), () -> guarded(step, event)) : guarded(step, event);
    }

    private CompletionStage<?> guarded(LayerSteps.Declared<?> step, CloudEvent event) {
        if (!step.forward()) {
            return start(step, event);
        }
        return fence.forward(event.subject(), step.describe(event.data()),
                () -> start(step, event).thenApply(x -> (Void) null), null);
    }

    /** The step's stage; a step that throws fails its stage instead of the channel. */
    private static CompletionStage<?> start(LayerSteps.Declared<?> step, CloudEvent event) {
        try {
            CompletionStage<?> stage = step.run(event.data());
            return stage == null ? CompletableFuture.completedFuture(null) : stage;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The layer's declaration, read on first use (the publisher reads its source here too). */
    LayerSteps steps() {
        LayerSteps s = steps;
        if (s == null) {
            synchronized (this) {
                if (steps == null) {
                    steps = layer.steps();
                }
                s = steps;
            }
        }
        return s;
    }
}
