package io.kubelode.lxc;

import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.Topics;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import io.kubelode.support.saga.SagaFence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The service's Kafka inputs. Work records are handed to {@link LxcSaga} and the consumer moves
 * on at once, so the nodes of one cluster (one partition) are worked on concurrently; each record
 * is acknowledged only when the events answering it are on the broker (the throttled commit
 * strategy then commits offsets in order). Unreadable records are dead-lettered.
 */
@ApplicationScoped
public class LxcChannels {
    private static final Logger LOG = Logger.getLogger(LxcChannels.class);

    @Inject
    LxcSaga saga;
    @Inject
    SagaFence fence;

    /** The work channel: {@code kubelode.provisioner} and {@code kubelode.network} ({@link EventMessages#topic}). */
    @Incoming("work")
    public CompletionStage<Void> work(Message<String> message) {
        return Topics.PROVISIONER.equals(EventMessages.topic(message)) ? provisioner(message) : network(message);
    }

    CompletionStage<Void> provisioner(Message<String> message) {
        return work(message, event -> {
            if (event.data() instanceof NodeProvisioned node) {
                return fence.forward(node.clusterId(), "containers of node " + node.node(),
                        () -> saga.onNodeProvisioned(node), null);
            }
            return event.data() instanceof NodeProvisionFailed failed ? saga.onNodeProvisionFailed(failed) : null;
        });
    }

    CompletionStage<Void> network(Message<String> message) {
        return work(message, event -> event.data() instanceof NetworkReleased released
                ? saga.onNetworkReleased(released) : null);
    }

    private CompletionStage<Void> work(Message<String> message, Function<CloudEvent, CompletionStage<Void>> handler) {
        CloudEvent event;
        try {
            event = EventMessages.read(message);
        } catch (PoisonEvent e) {
            LOG.warnf("dead-lettering an unreadable record: %s", e.getMessage());
            return message.nack(e);
        }
        CompletionStage<Void> work = handler.apply(event);
        if (work == null) {
            return message.ack();
        }
        work.whenComplete((ok, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                LOG.errorf("record %s could not be answered: %s", event.id(), failure.getMessage());
                message.nack(failure);
            }
        });
        return CompletableFuture.completedFuture(null);
    }
}
