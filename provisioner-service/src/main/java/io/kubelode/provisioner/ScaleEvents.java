package io.kubelode.provisioner;

import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.ProvisionerEvent;
import io.kubelode.provisioner.flow.Provisioner;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import io.kubelode.support.saga.SagaFence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The provisioner's part of scaling, on consumer groups of their own: a scale-up's
 * ClusterScaleRequested provisions the new nodes (NodeProvisioned each, the forward chain runs
 * for them); a scale-down's LxcNodesReleased (its containers gone) deletes the leaving nodes'
 * instances (NodesRemoved, the end of the scale-down). Both are idempotent ensures keyed by the
 * deterministic labels, so a redelivery creates or deletes nothing twice.
 */
@ApplicationScoped
public class ScaleEvents {
    private static final Logger LOG = Logger.getLogger(ScaleEvents.class);
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

    private final Set<String> done = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_IDS;
                }
            }));

    @Incoming("gateway-scale")
    public CompletionStage<Void> onScale(Message<String> message) {
        return handle(message, event -> {
            if (!(event.data() instanceof ClusterScaleRequested scale) || scale.addedNodes().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            List<Integer> added = scale.addedNodes();
            LOG.infof("%s: scaling up from %d to %d nodes", scale.clusterId(), scale.fromNodes(), scale.spec().nodes());
            return fence.forward(scale.clusterId(), "scale-up to " + scale.spec().nodes() + " nodes",
                    () -> provisioner.provision(scale.clusterId(), scale.spec(), added.get(0),
                            added.get(added.size() - 1), this::publish), null);
        });
    }

    @Incoming("lxc-scale")
    public CompletionStage<Void> onLxcNodesReleased(Message<String> message) {
        return handle(message, event -> event.data() instanceof LxcNodesReleased released
                ? fence.forward(released.clusterId(), "removing the instances of nodes " + released.nodes(),
                        () -> provisioner.remove(released.clusterId(), released.nodes(), this::publish), null)
                : CompletableFuture.completedFuture(null));
    }

    private CompletionStage<Void> handle(Message<String> message, Function<CloudEvent, CompletionStage<Void>> work) {
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
        return work.apply(event).handle((ok, failure) -> failure).thenCompose(failure -> {
            if (failure != null) {
                LOG.errorf(failure, "%s %s failed", event.type(), event.subject());
                return message.nack(failure);
            }
            done.add(event.id());
            return message.ack();
        });
    }

    private CompletionStage<Void> publish(ProvisionerEvent event) {
        return EventMessages.send(out, CloudEvent.of(config.source(), event));
    }
}
