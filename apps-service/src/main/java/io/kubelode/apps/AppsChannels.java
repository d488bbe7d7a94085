package io.kubelode.apps;

import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.GatewayEvent;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.ProvisionerEvent;
import io.kubelode.events.Topics;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The service's Kafka inputs. The work channel (the k8s and dns topics) acknowledges a record only after the
 * events answering it are on the broker, and dead-letters what cannot be read; the view channels
 * (gateway, provisioner) only feed {@link ClusterView}.
 */
@ApplicationScoped
public class AppsChannels {
    private static final Logger LOG = Logger.getLogger(AppsChannels.class);

    @Inject
    AppsSaga saga;
    @Inject
    ClusterView view;

    /** The work channel: {@code kubelode.k8s} and {@code kubelode.dns} ({@link EventMessages#topic}). */
    @Incoming("work")
    public CompletionStage<Void> work(Message<String> message) {
        return Topics.K8S.equals(EventMessages.topic(message)) ? k8s(message) : dns(message);
    }

    CompletionStage<Void> k8s(Message<String> message) {
        return work(message, event -> event.data() instanceof ClusterJoined joined
                ? saga.onClusterJoined(joined) : null);
    }

    CompletionStage<Void> dns(Message<String> message) {
        return work(message, event -> event.data() instanceof DnsRecordsDeleted deleted
                ? saga.onDnsRecordsDeleted(deleted) : null);
    }

    @Incoming("gateway-in")
    public CompletionStage<Void> gateway(Message<String> message) {
        return viewOf(message, event -> view.onGateway((GatewayEvent) event.data()));
    }

    @Incoming("provisioner-in")
    public CompletionStage<Void> provisioner(Message<String> message) {
        return viewOf(message, event -> view.onProvisioner((ProvisionerEvent) event.data()));
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
        // records of other clusters go on meanwhile; one cluster's steps stay in order (PerCluster)
        return EventMessages.settleWhenDone(message, work, failure -> LOG.errorf(failure,
                "%s: %s (%s) failed; to the dead letter topic", event.subject(), event.type().type(), event.id()));
    }

    private CompletionStage<Void> viewOf(Message<String> message, java.util.function.Consumer<CloudEvent> update) {
        try {
            update.accept(EventMessages.read(message));
        } catch (PoisonEvent | ClassCastException e) {
            LOG.warnf("ignoring a record the view cannot read: %s", e.getMessage());
        }
        return message.ack();
    }
}
