package io.kubelode.provisioner;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.ProvisionerEvent;
import io.kubelode.events.Topics;
import io.kubelode.provisioner.flow.Provisioner;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import io.kubelode.support.saga.SagaFence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The provisioner's Kafka side: ClusterRequested starts provisioning, LxcReleased (the end of a
 * teardown or rollback chain above) deletes the instances. Each record is acknowledged only after
 * every event it caused is on the broker; the work runs on the provisioner's own threads, never
 * on the consumer thread.
 */
@ApplicationScoped
public class ProvisionerEvents {
    private static final Logger LOG = Logger.getLogger(ProvisionerEvents.class);
    private static final int REMEMBERED_IDS = 10_000;

    @Inject
    Provisioner provisioner;

    @Inject
    ProvisionerConfig config;

    @Inject
    SagaFence fence;

    @Inject
    @Channel("provisioner-out")
    Emitter<String> out;

    /** ce ids whose work completed, so a redelivered record is acknowledged without running again. */
    private final Set<String> done = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_IDS;
                }
            }));

    /** The work channel: {@code kubelode.gateway} and {@code kubelode.lxc} ({@link EventMessages#topic}). */
    @Incoming("work")
    public CompletionStage<Void> work(Message<String> message) {
        return Topics.GATEWAY.equals(EventMessages.topic(message)) ? onGateway(message) : onLxc(message);
    }

    CompletionStage<Void> onGateway(Message<String> message) {
        return handle(message, event -> event.data() instanceof ClusterRequested requested
                ? fence.forward(requested.clusterId(), "provisioning",
                        () -> provisioner.provision(requested.clusterId(), requested.spec(), this::publish), null)
                : CompletableFuture.completedFuture(null));
    }

    CompletionStage<Void> onLxc(Message<String> message) {
        return handle(message, event -> event.data() instanceof LxcReleased released
                ? provisioner.release(released.clusterId(), released.cause(), released.reason(), this::publish)
                : CompletableFuture.completedFuture(null));
    }

    private CompletionStage<Void> handle(Message<String> message,
                                         java.util.function.Function<CloudEvent, CompletionStage<Void>> step) {
        CloudEvent event;
        try {
            event = EventMessages.read(message);
        } catch (PoisonEvent e) {
            LOG.warnf("unreadable record sent to the dead letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        if (done.contains(event.id())) {
            return message.ack();
        }
        // records of other clusters go on meanwhile (the provisioner's own gate paces the Linode API)
        CompletionStage<Void> work = step.apply(event).thenRun(() -> done.add(event.id()));
        return EventMessages.settleWhenDone(message, work,
                failure -> LOG.errorf(failure, "%s %s failed", event.type(), event.subject()));
    }

    private CompletionStage<Void> publish(ProvisionerEvent event) {
        return EventMessages.send(out, CloudEvent.of(config.source(), event));
    }
}
