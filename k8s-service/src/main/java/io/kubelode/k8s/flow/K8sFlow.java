package io.kubelode.k8s.flow;

import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterJoinFailed;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.shell.NodeShells;
import io.kubelode.k8s.view.ClusterState;
import io.kubelode.k8s.view.ClusterViews;
import io.kubelode.nodeshell.NodeShell;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The k8s layer's saga steps: NetworkRouted → ClusterJoined, or ClusterJoinFailed and (unless the
 * spec keeps failures) the compensation → ClusterReset ROLLBACK; AppsDeleted → reset →
 * ClusterReset with the same cause. The layer runtime runs one cluster's steps one after another and
 * skips a fenced cluster's NetworkRouted ({@link io.kubelode.k8s.K8sLayer}); long work runs on the flow's
 * threads, and each event is published (and acknowledged by the broker) before the next.
 */
public final class K8sFlow {
    private static final Logger LOG = Logger.getLogger(K8sFlow.class);

    private final ClusterViews views;
    private final NodeShells shells;
    private final Bootstrapper bootstrapper;
    private final Resetter resetter;
    private final ClusterSecrets secrets;
    private final ExecutorService flows;
    private final Duration viewTimeout;

    public K8sFlow(ClusterViews views, NodeShells shells, Bootstrapper bootstrapper,
                   Resetter resetter, ClusterSecrets secrets, ExecutorService flows, Duration viewTimeout) {
        this.views = views;
        this.shells = shells;
        this.bootstrapper = bootstrapper;
        this.resetter = resetter;
        this.secrets = secrets;
        this.flows = flows;
        this.viewTimeout = viewTimeout;
    }

    /** Handles NetworkRouted; completes when every resulting event is acknowledged by the broker. */
    public CompletableFuture<Void> onNetworkRouted(NetworkRouted routed,
                                                   Function<KubelodeEvent, CompletionStage<Void>> publish) {
        return CompletableFuture.runAsync(() -> join(routed, publish), flows);
    }

    /** Handles AppsDeleted: the backward chain (rollback or delete) reaches this layer. */
    public CompletableFuture<Void> onAppsDeleted(AppsDeleted deleted,
                                                 Function<KubelodeEvent, CompletionStage<Void>> publish) {
        return CompletableFuture.runAsync(() -> {
            ClusterState state = settledState(deleted.clusterId(), 0);
            send(publish, new ClusterReset(deleted.clusterId(), deleted.cause(), deleted.reason(), reset(state)));
        }, flows);
    }

    private void join(NetworkRouted routed, Function<KubelodeEvent, CompletionStage<Void>> publish) {
        long start = System.nanoTime();
        ClusterState state = settledState(routed.clusterId(), routed.plan().nodes().size());
        try {
            ClusterLayout layout = LayoutFactory.of(routed, state);
            ClusterJoined joined = withShells(state, s -> bootstrapper.bootstrap(layout, s));
            send(publish, joined);
            LOG.infof("%s: NetworkRouted → ClusterJoined in %d ms (%d nodes, %d etcd members)", routed.clusterId(),
                    (System.nanoTime() - start) / 1_000_000, joined.nodes().size(), joined.etcdMembers());
        } catch (K8sStepException e) {
            fail(routed.clusterId(), state, e.reason(), e.getMessage(), publish);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: unexpected failure", routed.clusterId());
            fail(routed.clusterId(), state, FailureReason.INTERNAL_ERROR, String.valueOf(e.getMessage()), publish);
        }
    }

    private void fail(String clusterId, ClusterState state, FailureReason reason, String message,
                      Function<KubelodeEvent, CompletionStage<Void>> publish) {
        LOG.warnf("%s: %s: %s", clusterId, reason, message);
        send(publish, new ClusterJoinFailed(clusterId, reason, message));
        if (Lifecycle.keeps(state.spec())) {
            LOG.infof("%s: keepOnFailure is set, nothing is rolled back", clusterId);
            return;
        }
        send(publish, new ClusterReset(clusterId, Cause.ROLLBACK, reason, reset(state)));
    }

    /** Resets every container; the control planes whose left-over etcd member it removed. */
    private List<String> reset(ClusterState state) {
        List<Resetter.Target> targets = state.lxc().values().stream().map(l -> new Resetter.Target(l.node(),
                l.master().name(), l.worker().name(), l.master().address())).toList();
        List<Resetter.Via> through = state.lxc().values().stream()
                .map(l -> new Resetter.Via(l.node(), l.master().name())).toList();
        Resetter.Outcome outcome = withShells(state, s -> resetter.resetAll(state.clusterId(), through, targets, s));
        secrets.forget(state.clusterId());
        return outcome.leftoverMembers();
    }

    /** The view once it holds nodes 1..count (the triggering event was written after them). */
    private ClusterState settledState(String clusterId, int count) {
        long deadline = System.nanoTime() + viewTimeout.toNanos();
        while (true) {
            views.barrier().join();
            ClusterState state = views.state(clusterId);
            if (state.hasNodes(count) && (count == 0 || state.spec() != null) || System.nanoTime() >= deadline) {
                return state;
            }
            // the lower layers' records can be on their way still; the barrier is the signal, re-taken each round
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new K8sStepException(FailureReason.INTERNAL_ERROR, "interrupted while waiting for the view");
        }
    }

    private <T> T withShells(ClusterState state, Function<Map<Integer, NodeShell>, T> work) {
        Map<Integer, NodeShell> open = new HashMap<>();
        try {
            for (NodeProvisioned p : state.nodes().values()) {
                open.put(p.node(), shells.open(p));
            }
            return work.apply(open);
        } finally {
            open.values().forEach(NodeShell::close);
        }
    }

    private static void send(Function<KubelodeEvent, CompletionStage<Void>> publish, KubelodeEvent event) {
        publish.apply(event).toCompletableFuture().join();
    }
}
