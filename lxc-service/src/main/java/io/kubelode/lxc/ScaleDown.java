package io.kubelode.lxc;

import io.kubelode.events.FailureReason;
import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.lxc.host.LxcNode;
import io.kubelode.lxc.host.LxcStepException;
import io.kubelode.lxc.host.NodeShellFactory;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import io.kubelode.support.saga.SagaFence;
import io.kubelode.nodeshell.NodeShell;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The lxc layer's part of a scale-down, on a consumer group of its own: NetworkNodesDetached (the
 * leaving nodes are off the mesh) removes their containers, profiles and bridges, node by node
 * concurrently, then LxcNodesReleased. Removing what is gone already is a NOOP, so a redelivery is
 * harmless. A scale-up needs nothing here: its NodeProvisioned events take the usual path.
 */
@ApplicationScoped
public class ScaleDown {
    private static final Logger LOG = Logger.getLogger(ScaleDown.class);

    @Inject
    LxcConfig config;
    @Inject
    ClusterView view;
    @Inject
    NodeShellFactory shells;
    @Inject
    SagaFence fence;
    @Inject
    @Channel("lxc-out")
    Emitter<String> out;

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lxc-scale");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    @Incoming("network-scale")
    public CompletionStage<Void> onNetwork(Message<String> message) {
        CloudEvent event;
        try {
            event = EventMessages.read(message);
        } catch (PoisonEvent e) {
            LOG.warnf("dead-lettering an unreadable record: %s", e.getMessage());
            return message.nack(e);
        }
        if (!(event.data() instanceof NetworkNodesDetached detached)) {
            return message.ack();
        }
        return fence.forward(detached.clusterId(), "removing the containers of nodes " + detached.nodes(),
                () -> release(detached), null).handle((ok, failure) -> failure == null ? message.ack() : message.nack(failure))
                .thenCompose(x -> x);
    }

    CompletableFuture<Void> release(NetworkNodesDetached detached) {
        String clusterId = detached.clusterId();
        return view.spec(clusterId).orTimeout(config.specWait().toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(spec -> CompletableFuture.allOf(leaving(clusterId, detached.nodes()).stream()
                        .map(n -> CompletableFuture.runAsync(() -> release(n, spec), pool))
                        .toArray(CompletableFuture[]::new)))
                .thenCompose(x -> EventMessages.send(out, CloudEvent.of(config.source(),
                        new LxcNodesReleased(clusterId, List.copyOf(detached.nodes())))).toCompletableFuture());
    }

    /** The leaving nodes as provisioned; the view may still be catching up just after a start. */
    private List<NodeProvisioned> leaving(String clusterId, List<Integer> nodes) {
        long deadline = System.nanoTime() + config.specWait().toNanos();
        while (true) {
            List<NodeProvisioned> known = new ArrayList<>(view.nodes(clusterId).stream()
                    .filter(p -> nodes.contains(p.node())).toList());
            if (known.size() == nodes.size() || System.nanoTime() > deadline) {
                if (known.size() < nodes.size()) {
                    LOG.warnf("%s: only %d of the leaving nodes %s are known; their instances go next anyway",
                            clusterId, known.size(), nodes);
                }
                return known;
            }
            pause(Duration.ofMillis(200));
        }
    }

    private void release(NodeProvisioned node, ClusterSpec spec) {
        LxcPlan plan = LxcSaga.plan(node.clusterId(), node.node(), spec);
        Duration pause = config.backoff();
        for (int attempt = 1; ; attempt++) {
            try (NodeShell shell = shells.open(node)) {
                boolean changed = LxcNode.release(shell, plan);
                LOG.infof("node %d of %s leaves: containers, profile and bridge %s", node.node(), node.clusterId(),
                        changed ? "removed" : "were already gone");
                return;
            } catch (LxcStepException e) {
                if (!e.isTransient() || attempt >= config.attempts()) {
                    throw e;
                }
                LOG.warnf("node %d of %s: release attempt %d failed transiently (%s)", node.node(), node.clusterId(),
                        attempt, e.getMessage());
                pause(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxcStepException(FailureReason.INTERRUPTED, "interrupted while waiting", false);
        }
    }
}
