package io.kubelode.provisioner.flow;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.nodeshell.ssh.ClusterKeys;
import io.kubelode.nodeshell.ssh.SshTarget;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.plan.NodePlan;
import io.kubelode.provisioner.plan.ProvisioningPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Provisions a cluster: every node concurrently runs ensure-instance → wait-running →
 * base-role → NodeProvisioned. The first node failure (NodeProvisionFailed) stops the others at
 * their next step; the lxc layer answers it with LxcReleased (unless the spec keeps a failed
 * cluster), and {@link #release} then deletes every instance tagged with the cluster once the run
 * has stopped (NodesReleased, ROLLBACK). Requests for a cluster already in progress in this process
 * join the run in progress.
 */
public final class Provisioner {
    private static final Logger LOG = Logger.getLogger(Provisioner.class);

    private final PreflightStep preflight;
    private final Predicate<String> halted;
    private final InstanceStep instances;
    private final BootWait boot;
    private final BaseRoleStep baseRole;
    private final Releaser releaser;
    private final Function<String, ClusterKeys> keys;
    private final Executor executor;
    private final int sshPort;
    private final String sshUser;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param preflight checks the spec against Linode before the first create of a cluster
     * @param halted    whether a cluster was failed, rolled back or deleted elsewhere (the saga fence):
     *                  its nodes stop at their next step and its queued creates are dropped
     */
    public Provisioner(PreflightStep preflight, Predicate<String> halted, InstanceStep instances, BootWait boot,
                       BaseRoleStep baseRole, Releaser releaser, Function<String, ClusterKeys> keys,
                       Executor executor, int sshPort, String sshUser) {
        this.preflight = preflight;
        this.halted = halted;
        this.instances = instances;
        this.boot = boot;
        this.baseRole = baseRole;
        this.releaser = releaser;
        this.keys = keys;
        this.executor = executor;
        this.sshPort = sshPort;
        this.sshUser = sshUser;
    }

    /** Completes when every event of this run is on the broker. */
    public CompletionStage<Void> provision(String clusterId, ClusterSpec spec, EventSink sink) {
        return provision(clusterId, spec, 1, spec.nodes(), sink);
    }

    /**
     * Provisions nodes {@code from..to} only: a scale-up's new nodes, with the same deterministic
     * labels and tags, so a redelivered request adopts what an earlier run created.
     */
    public CompletionStage<Void> provision(String clusterId, ClusterSpec spec, int from, int to, EventSink sink) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(clusterId, mine);
        if (running != null) {
            return running;
        }
        CompletableFuture<Void> work;
        try {
            work = run(clusterId, spec, from, to, sink);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        work.whenComplete((ok, failure) -> {
            inFlight.remove(clusterId, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(null);
            }
        });
        return mine;
    }

    private CompletableFuture<Void> run(String clusterId, ClusterSpec spec, int from, int to, EventSink sink) {
        if (from == 1) {
            return CompletableFuture.runAsync(() -> preflight.check(spec), executor).handle((ok, failure) -> failure)
                    .thenCompose(failure -> {
                        if (failure == null) {
                            return runNodes(clusterId, spec, from, to, sink);
                        }
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException c
                                && c.getCause() != null ? c.getCause() : failure;
                        StepFailure e = cause instanceof StepFailure s ? s
                                : new StepFailure(FailureReason.PROVISIONING_ERROR, cause.toString(), cause);
                        LOG.warnf("cluster %s refused before any create: %s %s", clusterId, e.reason(),
                                e.getMessage());
                        return sink.publish(new NodeProvisionFailed(clusterId, from, e.reason(), e.getMessage()))
                                .toCompletableFuture();
                    });
        }
        return runNodes(clusterId, spec, from, to, sink);
    }

    private CompletableFuture<Void> runNodes(String clusterId, ClusterSpec spec, int from, int to, EventSink sink) {
        ClusterKeys clusterKeys = keys.apply(clusterId);
        List<NodePlan> plans = ProvisioningPlan.nodes(clusterId, spec, clusterKeys, from, to);
        AtomicReference<NodeProvisionFailed> firstFailure = new AtomicReference<>();
        java.util.function.BooleanSupplier stop = () -> firstFailure.get() != null || halted.test(clusterId);
        List<CompletableFuture<Void>> sends = Collections.synchronizedList(new ArrayList<>());
        CreateOrder order = new CreateOrder(from, to);
        List<CompletableFuture<Void>> nodes = plans.stream().map(plan -> CompletableFuture.runAsync(() -> {
            try {
                NodeProvisioned done = provisionNode(plan, clusterKeys, stop, order);
                if (firstFailure.get() == null) {
                    sends.add(sink.publish(done).toCompletableFuture());
                }
            } catch (NodeCancelled cancelled) {
                LOG.infof("node %s: %s", plan.label(), cancelled.getMessage());
            } catch (RuntimeException unexpected) {
                StepFailure e = unexpected instanceof StepFailure s ? s
                        : new StepFailure(FailureReason.PROVISIONING_ERROR, unexpected.toString(), unexpected);
                NodeProvisionFailed failed = new NodeProvisionFailed(clusterId, plan.node(), e.reason(),
                        e.getMessage());
                firstFailure.compareAndSet(null, failed);
                LOG.warnf("node %s failed: %s %s", plan.label(), e.reason(), e.getMessage());
                sends.add(sink.publish(failed).toCompletableFuture());
            } finally {
                order.done(plan.node()); // after the failure is marked: the next node sees it and creates nothing
            }
        }, executor)).toList();
        // on a failure nothing is deleted here: the lxc layer may be working on a node announced
        // before it. It answers NodeProvisionFailed with LxcReleased once it has let go of every node,
        // and that deletes the instances (release below), so the rollback runs down the stack.
        return CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new))
                .thenCompose(v -> CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
    }

    private NodeProvisioned provisionNode(NodePlan plan, ClusterKeys clusterKeys,
                                          java.util.function.BooleanSupplier cancelled, CreateOrder order) {
        long t0 = System.nanoTime();
        if (cancelled.getAsBoolean()) {
            throw new NodeCancelled("stopped before the instance of " + plan.label());
        }
        InstanceStep.Result ensured = instances.ensure(plan, cancelled, order);
        long t1 = System.nanoTime();
        Instance running = boot.untilRunning(ensured.instance(), cancelled);
        long t2 = System.nanoTime();
        String publicIp = running.publicIpv4().orElseThrow(() -> new StepFailure(FailureReason.INSTANCE_GONE,
                plan.label() + " has no public IPv4 address"));
        SshTarget target = SshTarget.of(publicIp, sshPort, sshUser, plan.hostKeyLine(),
                clusterKeys.clientKey().keyPair());
        if (cancelled.getAsBoolean()) {
            throw new NodeCancelled("stopped before the base role of " + plan.label());
        }
        baseRole.apply(target, cancelled);
        LOG.infof("node %s: instance %s (id %d) in %d ms, running after %d ms, base role after %d ms", plan.label(),
                ensured.outcome(), running.id(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
        return new NodeProvisioned(plan.clusterId(), plan.node(), plan.label(), running.id(), running.region(),
                publicIp, running.privateIpv4().orElse(null), sshPort, plan.hostKeyFingerprint());
    }

    /**
     * Repairs one node of a Ready cluster ({@link NodeRepairStarted}): for a replacement, the lost
     * instance (exactly {@code linodeId}, never one found by its label, which may be its replacement
     * already) is deleted first; then the node is provisioned as on the first day, with its
     * deterministic label, host key and plan: the instance is adopted or created, waited for, and its
     * base role applied again, and NodeProvisioned says so. A failure is NodeRepairFailed, which
     * rolls nothing of the cluster back: it keeps serving on its other nodes. No preflight: the spec
     * was accepted when the cluster was made.
     */
    public CompletionStage<Void> repair(NodeRepairStarted repair, ClusterSpec spec, EventSink sink) {
        String clusterId = repair.clusterId();
        int n = repair.node();
        EventSink repairSink = event -> sink.publish(event instanceof NodeProvisionFailed f
                ? new NodeRepairFailed(clusterId, n, repair.repair(), f.reason(), f.message()) : event);
        CompletableFuture<Void> deleted = repair.repair() != Repair.REPLACE ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> {
                    if (releaser.deleteLost(repair.linodeId())) {
                        LOG.infof("%s node %d: deleted the lost instance %d", clusterId, n, repair.linodeId());
                    }
                }, executor);
        return deleted.handle((ok, failure) -> failure)
                .thenCompose(failure -> {
                    if (failure == null) {
                        return provision(clusterId, spec, n, n, repairSink);
                    }
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    LOG.warnf("%s node %d: could not delete the lost instance %d: %s", clusterId, n,
                            repair.linodeId(), cause.toString());
                    return sink.publish(new NodeRepairFailed(clusterId, n, repair.repair(),
                            FailureReason.PROVISIONING_ERROR, "the lost instance " + repair.linodeId()
                            + " could not be deleted: " + cause.getMessage()));
                });
    }

    /**
     * A scale-down's last step: deletes the leaving nodes' instances (found by their deterministic
     * labels and the cluster's tag; nothing when they are gone already) and says so.
     */
    public CompletionStage<Void> remove(String clusterId, List<Integer> nodes, EventSink sink) {
        return CompletableFuture.supplyAsync(() -> releaser.remove(clusterId, nodes), executor)
                .thenCompose(deleted -> sink.publish(new NodesRemoved(clusterId, List.copyOf(nodes), deleted)));
    }

    /** Deletes the cluster's instances at the end of a teardown or rollback chain, and says so. */
    public CompletionStage<Void> release(String clusterId, Cause cause, FailureReason reason, EventSink sink) {
        // after a provisioning run of the cluster still in flight (its nodes stop at their next step
        // once one failed): an instance it created after the listing would be left behind
        CompletableFuture<Void> running = inFlight.getOrDefault(clusterId, CompletableFuture.completedFuture(null));
        return running.exceptionally(ignored -> null)
                .thenApplyAsync(ignored -> releaser.release(clusterId), executor)
                .thenCompose(deleted -> sink.publish(new NodesReleased(clusterId, deleted, cause, reason)));
    }
}
