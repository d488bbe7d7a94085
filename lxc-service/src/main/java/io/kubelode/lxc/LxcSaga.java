package io.kubelode.lxc;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.LxcEvent.LxcFailed;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.layer.EventPublisher;
import io.kubelode.layer.Retry;
import io.kubelode.lxc.host.LxcNode;
import io.kubelode.lxc.host.LxcStepException;
import io.kubelode.lxc.host.NodeShellFactory;
import io.kubelode.lxc.host.StoppedForRelease;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.nodeshell.NodeShell;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The layer's saga steps. Node work runs on a pool of its own, never on the consumer thread,
 * and one node's events stay in order: work for the same node is chained behind the previous.
 * The returned stages complete when the answering events are acknowledged by the broker.
 */
@ApplicationScoped
public class LxcSaga {
    private static final Logger LOG = Logger.getLogger(LxcSaga.class);

    @Inject
    LxcConfig config;
    @Inject
    ClusterView view;
    @Inject
    NodeShellFactory shells;
    @Inject
    EventPublisher publisher;

    private ExecutorService pool;
    private final Map<String, CompletableFuture<Void>> lastPerNode = new ConcurrentHashMap<>();
    /** Clusters whose rollback this service started: one rollback (and one LxcReleased) per cluster. */
    private final java.util.Set<String> rollingBack = ConcurrentHashMap.newKeySet();
    /**
     * Clusters whose release (the network layer gone: a delete or a rollback from above) this service
     * began: node work still in flight for them publishes nothing, and the release waits for it.
     */
    private final java.util.Set<String> releasing = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        pool = Executors.newFixedThreadPool(config.parallelNodes(), r -> {
            Thread t = new Thread(r, "lxc-node");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Both containers on the node, then LxcReady; or LxcFailed and, unless the spec keeps failures, the rollback. */
    public CompletionStage<Void> onNodeProvisioned(NodeProvisioned node) {
        String key = node.clusterId() + "/" + node.node();
        CompletableFuture<Void> work = lastPerNode.compute(key, (k, previous) -> (previous == null
                ? CompletableFuture.<Void>completedFuture(null) : previous.exceptionally(e -> null))
                .thenCompose(ignored -> provision(node)));
        // forget the node once nothing is queued behind this work
        work.whenComplete((ok, failure) -> lastPerNode.remove(key, work));
        return work;
    }

    /**
     * The provisioner failed a node: once this cluster's node work in flight has ended, remove the
     * containers of every node this layer knows, then LxcReleased, on which the provisioner deletes
     * the instances. So no instance goes while this layer still works on it.
     */
    public CompletionStage<Void> onNodeProvisionFailed(NodeProvisionFailed failed) {
        return view.spec(failed.clusterId()).orTimeout(config.specWait().toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(spec -> rollBack(failed.clusterId(), spec, -1, failed.reason()));
    }

    /**
     * The network layer is gone: once this cluster's node work in flight has ended (a redelivered
     * NodeProvisioned may have started it just before the delete), remove every container of the
     * cluster, then LxcReleased with the same cause. So no container appears after the release and
     * no LxcReady follows the LxcReleased (a chaos run, lxc-service killed mid-cluster, saw both).
     */
    public CompletionStage<Void> onNetworkReleased(NetworkReleased released) {
        String clusterId = released.clusterId();
        releasing.add(clusterId);
        return CompletableFuture.allOf(inFlight(clusterId, -1))
                .thenCompose(ignored -> releaseCluster(clusterId))
                .thenCompose(ignored -> send(new LxcReleased(clusterId, released.cause(), released.reason())));
    }

    /** The node work of the cluster still in flight, all but {@code exceptNode}'s, failures ignored. */
    private CompletableFuture<?>[] inFlight(String clusterId, int exceptNode) {
        return lastPerNode.entrySet().stream()
                .filter(e -> e.getKey().startsWith(clusterId + "/") && !e.getKey().equals(clusterId + "/" + exceptNode))
                .map(e -> e.getValue().exceptionally(ignored -> null)).toArray(CompletableFuture[]::new);
    }

    private boolean stopping(String clusterId) {
        return rollingBack.contains(clusterId) || releasing.contains(clusterId);
    }

    private CompletableFuture<Void> provision(NodeProvisioned node) {
        return view.spec(node.clusterId()).orTimeout(config.specWait().toMillis(), TimeUnit.MILLISECONDS)
                .thenApplyAsync(spec -> ensure(node, spec), pool)
                .thenCompose(ready -> stopping(node.clusterId())
                        ? CompletableFuture.<Void>completedFuture(null) // the release, waiting for this, removes it
                        : send(ready))
                .exceptionallyCompose(failure -> {
                    if (stopping(node.clusterId())) {
                        Throwable cause = unwrap(failure);
                        if (cause instanceof StoppedForRelease) {
                            LOG.infof("node %d of %s stopped before its containers: the cluster is released",
                                    node.node(), node.clusterId());
                        } else {
                            LOG.infof("node %d of %s failed while the cluster is released: %s", node.node(),
                                    node.clusterId(), cause.getMessage());
                        }
                        return CompletableFuture.completedFuture(null);
                    }
                    return failed(node, unwrap(failure));
                });
    }

    private KubelodeEvent ensure(NodeProvisioned node, ClusterSpec spec) {
        LxcPlan plan = plan(node.clusterId(), node.node(), spec);
        long t0 = System.nanoTime();
        LxcNode.Outcome outcome = withRetry(plan, () -> {
            try (NodeShell shell = shells.open(node)) {
                return LxcNode.ensure(shell, plan, () -> stopping(node.clusterId()));
            }
        });
        LOG.infof("node %d of %s: %s and %s ready (%s) in %d s (LXD host %d s, containers %d s)", node.node(),
                node.clusterId(), plan.master().name(), plan.worker().name(), outcome.changed() ? "changed" : "no change",
                Duration.ofNanos(System.nanoTime() - t0).toSeconds(), outcome.hostTime().toSeconds(),
                outcome.containersTime().toSeconds());
        return outcome.ready();
    }

    private CompletableFuture<Void> failed(NodeProvisioned node, Throwable failure) {
        FailureReason reason = failure instanceof LxcStepException e ? e.reason() : FailureReason.LXC_STEP_FAILED;
        LOG.errorf("node %d of %s failed: %s %s", node.node(), node.clusterId(), reason, failure.getMessage());
        CompletableFuture<Void> sent = send(new LxcFailed(node.clusterId(), node.node(), reason,
                String.valueOf(failure.getMessage())));
        return sent.thenCompose(ignored -> rollBack(node.clusterId(), view.spec(node.clusterId()).getNow(null),
                node.node(), reason));
    }

    /**
     * Unless the spec keeps failures or the cluster is being rolled back already: after the work in
     * flight on its other nodes (all but {@code failedNode}) has ended, so no container appears after
     * the release, every container of the cluster goes, then one LxcReleased(ROLLBACK).
     */
    private CompletableFuture<Void> rollBack(String clusterId, ClusterSpec spec, int failedNode,
                                             FailureReason reason) {
        if (Lifecycle.keeps(spec)) {
            LOG.infof("%s keeps failures: nothing is rolled back", clusterId);
            return CompletableFuture.completedFuture(null);
        }
        if (!rollingBack.add(clusterId)) {
            LOG.infof("%s is already being rolled back", clusterId);
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(inFlight(clusterId, failedNode))
                .thenCompose(ignored -> releaseCluster(clusterId))
                .thenCompose(ignored -> send(new LxcReleased(clusterId, Cause.ROLLBACK, reason)));
    }

    /** Every node announced before the call: the view may lag the bus, so after its barrier. */
    private CompletableFuture<Void> releaseCluster(String clusterId) {
        return view.barrier()
                .thenCompose(ignored -> view.spec(clusterId).orTimeout(config.specWait().toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(spec -> CompletableFuture.allOf(view.nodes(clusterId).stream()
                        .map(n -> CompletableFuture.runAsync(() -> release(n, spec), pool))
                        .toArray(CompletableFuture[]::new)));
    }

    private void release(NodeProvisioned node, ClusterSpec spec) {
        LxcPlan plan = plan(node.clusterId(), node.node(), spec);
        boolean changed = withRetry(plan, () -> {
            try (NodeShell shell = shells.open(node)) {
                return LxcNode.release(shell, plan);
            }
        });
        LOG.infof("node %d of %s: containers, profile and bridge %s", node.node(), node.clusterId(),
                changed ? "removed" : "were already gone");
    }

    static LxcPlan plan(String clusterId, int node, ClusterSpec spec) {
        return LxcPlan.of(clusterId, AddressPlan.of(spec, Math.max(spec.nodes(), node)).node(node));
    }

    private <T> T withRetry(LxcPlan plan, Supplier<T> step) {
        return retry(config).run(step, LxcSaga::isTransient, (attempt, e) -> LOG.warnf(
                "node %d of %s: attempt %d failed transiently (%s), retrying", plan.node(), plan.clusterId(), attempt,
                e.getMessage()));
    }

    /** The layer's retry policy: {@code attempts}, from {@code backoff} doubling up to a minute. */
    static Retry retry(LxcConfig config) {
        return new Retry(config.attempts(), config.backoff(), Duration.ofMinutes(1));
    }

    static boolean isTransient(RuntimeException e) {
        return e instanceof LxcStepException s && s.isTransient();
    }

    private CompletableFuture<Void> send(KubelodeEvent event) {
        return publisher.publish(event).toCompletableFuture();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
