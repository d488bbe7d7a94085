package io.kubelode.lxc;

import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.layer.EventPublisher;
import io.kubelode.lxc.host.LxcNode;
import io.kubelode.lxc.host.NodeShellFactory;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.nodeshell.NodeShell;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The lxc layer's part of a scale-down: NetworkNodesDetached (the
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
    EventPublisher publisher;

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lxc-scale");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** The step: the leaving nodes' containers removed, then LxcNodesReleased. */
    public CompletableFuture<Void> release(NetworkNodesDetached detached) {
        String clusterId = detached.clusterId();
        return view.barrier().thenCompose(x -> view.spec(clusterId))
                .orTimeout(config.specWait().toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(spec -> CompletableFuture.allOf(leaving(clusterId, detached.nodes()).stream()
                        .map(n -> CompletableFuture.runAsync(() -> release(n, spec), pool))
                        .toArray(CompletableFuture[]::new)))
                .thenCompose(x -> publisher.publish(new LxcNodesReleased(clusterId, List.copyOf(detached.nodes())))
                        .toCompletableFuture());
    }

    /** The leaving nodes as provisioned: the view holds every node announced before the trigger (its barrier). */
    private List<NodeProvisioned> leaving(String clusterId, List<Integer> nodes) {
        List<NodeProvisioned> known = view.nodes(clusterId).stream().filter(p -> nodes.contains(p.node())).toList();
        if (known.size() < nodes.size()) {
            LOG.warnf("%s: only %d of the leaving nodes %s are known; their instances go next anyway",
                    clusterId, known.size(), nodes);
        }
        return known;
    }

    private void release(NodeProvisioned node, ClusterSpec spec) {
        LxcPlan plan = LxcSaga.plan(node.clusterId(), node.node(), spec);
        boolean changed = LxcSaga.retry(config).run(() -> {
            try (NodeShell shell = shells.open(node)) {
                return LxcNode.release(shell, plan);
            }
        }, LxcSaga::isTransient, (attempt, e) -> LOG.warnf("node %d of %s: release attempt %d failed transiently (%s)",
                node.node(), node.clusterId(), attempt, e.getMessage()));
        LOG.infof("node %d of %s leaves: containers, profile and bridge %s", node.node(), node.clusterId(),
                changed ? "removed" : "were already gone");
    }
}
