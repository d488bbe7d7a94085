package io.kubelode.k8s;

import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.Topics;
import io.kubelode.k8s.flow.K8sFlow;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The k8s layer on Kafka: NetworkRouted (kubelode.network) starts the bootstrap, AppsDeleted
 * (kubelode.apps) the reset. The work runs off the consumer thread; a record is acknowledged
 * only after every event it caused is acknowledged by the broker. An unreadable record is
 * nacked, so the channel's dead-letter strategy keeps it.
 */
@ApplicationScoped
public class K8sSaga {
    private static final Logger LOG = Logger.getLogger(K8sSaga.class);

    @Inject
    K8sFlow flow;

    @Inject
    K8sConfig config;

    @Inject
    @Channel("k8s-out")
    Emitter<String> out;

    /** The work channel: {@code kubelode.network} and {@code kubelode.apps} ({@link EventMessages#topic}). */
    @Incoming("work")
    public CompletionStage<Void> work(Message<String> message) {
        return Topics.NETWORK.equals(EventMessages.topic(message)) ? onNetwork(message) : onApps(message);
    }

    CompletionStage<Void> onNetwork(Message<String> message) {
        return handle(message, event -> event.data() instanceof NetworkRouted routed
                ? flow.onNetworkRouted(routed, this::publish) : null);
    }

    CompletionStage<Void> onApps(Message<String> message) {
        return handle(message, event -> event.data() instanceof AppsDeleted deleted
                ? flow.onAppsDeleted(deleted, this::publish) : null);
    }

    private CompletionStage<Void> handle(Message<String> message,
                                         java.util.function.Function<CloudEvent, CompletableFuture<Void>> work) {
        CloudEvent event;
        try {
            event = EventMessages.read(message);
        } catch (PoisonEvent e) {
            LOG.warnf("dead-lettering an unreadable record: %s", e.getMessage());
            return message.nack(e);
        }
        CompletableFuture<Void> done = work.apply(event);
        if (done == null) {
            return message.ack();
        }
        LOG.infof("%s: handling %s (%s)", event.subject(), event.type().type(), event.id());
        // records of other clusters go on meanwhile; one cluster's steps stay in order (PerCluster)
        return EventMessages.settleWhenDone(message, done, e -> LOG.errorf(e,
                "%s: %s (%s) failed; to the dead letter topic", event.subject(), event.type().type(), event.id()));
    }

    private CompletionStage<Void> publish(KubelodeEvent event) {
        return EventMessages.send(out, CloudEvent.of(config.source(), event));
    }
}
