package io.kubelode.network;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NetworkFailed;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.layer.EventPublisher;
import io.kubelode.network.NetworkApplier.NodeResult;
import io.kubelode.network.plan.ClusterNetwork;
import io.kubelode.network.plan.NetworkPlanner;
import io.kubelode.network.plan.NodeEndpoint;
import io.kubelode.network.view.ClusterState;
import io.kubelode.network.view.ClusterViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The network layer's saga step. Forward: when the last node of a cluster is LxcReady, plan the
 * network, apply it to every node at once and emit NetworkRouted — or NetworkFailed, then undo
 * it on every node and emit NetworkReleased(ROLLBACK). Backward: on ClusterReset, undo it and emit
 * NetworkReleased with the reset's cause. A scale-up is one more LxcReady: the plan for the new
 * count keeps every existing node's numbers, so existing nodes only gain peers and routes.
 * Each step completes once its answering event is on the broker ({@link NetworkLayer} declares them).
 */
@ApplicationScoped
public class NetworkService {
    private static final Logger LOG = Logger.getLogger(NetworkService.class);

    @Inject
    NetworkConfig config;
    @Inject
    ClusterViews views;
    @Inject
    NetworkApplier applier;
    @Inject
    NodeShells shells;
    @Inject
    Secrets secrets;
    @Inject
    EventPublisher publisher;

    /**
     * LxcReady: once the cluster's last node is ready, route it. The layer runtime runs one cluster's steps
     * one after another ({@link NetworkLayer}), so the last two nodes' records never both route.
     */
    public CompletionStage<Void> onLxcReady(LxcReady ready) {
        return views.barrier().thenComposeAsync(x -> route(ready.clusterId()));
    }

    /** ClusterReset (the k8s layer is gone: a delete or a rollback from above): the network goes from every node. */
    public CompletionStage<Void> onClusterReset(ClusterReset reset) {
        return views.barrier().thenComposeAsync(x -> {
            ClusterState state = views.state(reset.clusterId());
            return release(state, reset.cause(), reset.reason());
        });
    }

    CompletionStage<Void> route(String clusterId) {
        ClusterState state = views.state(clusterId);
        if (!state.ready()) {
            LOG.debugf("%s: %d of %d nodes ready, waiting", clusterId, state.lxcReady().size(), state.nodeCount());
            return done();
        }
        if (state.failed() || state.released()) {
            LOG.debugf("%s: the network failed or was released; waiting for a new request", clusterId);
            return done();
        }
        if (state.routed()) {
            LOG.debugf("%s: the network of its %d nodes is routed already", clusterId, state.nodeCount());
            return done();
        }
        ClusterNetwork network;
        try {
            network = plan(state);
        } catch (IllegalArgumentException e) {
            return failed(state, new NetworkStepException(FailureReason.NETWORK_PLAN_REJECTED, e.getMessage(), false));
        }
        LOG.infof("%s: applying the network to %d nodes", clusterId, network.nodes().size());
        return applier.apply(network, n -> secrets.meshKeys().of(clusterId, n),
                        n -> shells.open(state.provisioned().get(n)))
                .handle((results, failure) -> failure == null ? routed(network, results)
                        : failed(state, unwrap(failure)))
                .thenCompose(x -> x);
    }

    private ClusterNetwork plan(ClusterState state) {
        Map<Integer, NodeEndpoint> endpoints = new LinkedHashMap<>();
        Map<Integer, String> publicKeys = new LinkedHashMap<>();
        for (int n = 1; n <= state.nodeCount(); n++) {
            var node = state.provisioned().get(n);
            endpoints.put(n, new NodeEndpoint(n, node.publicIpv4(), node.privateIpv4()));
            publicKeys.put(n, secrets.meshKeys().of(state.clusterId(), n).publicKey());
        }
        return NetworkPlanner.plan(state.clusterId(), state.spec(), AddressPlan.of(state.spec()), endpoints,
                publicKeys);
    }

    private CompletionStage<Void> routed(ClusterNetwork network, List<NodeResult> results) {
        List<NodeRoutes> nodes = results.stream()
                .map(r -> new NodeRoutes(r.node(), network.node(r.node()).publicKey(), r.changed())).toList();
        LOG.infof("%s: routed %d nodes (%d changed)", network.clusterId(), nodes.size(),
                nodes.stream().filter(NodeRoutes::changed).count());
        return send(new NetworkRouted(network.clusterId(), network.plan(), nodes));
    }

    private CompletionStage<Void> failed(ClusterState state, NetworkStepException failure) {
        LOG.errorf("%s: %s: %s", state.clusterId(), failure.reason(), failure.getMessage());
        CompletionStage<Void> sent = send(new NetworkFailed(state.clusterId(), failure.reason(), failure.getMessage()));
        if (Lifecycle.keeps(state.spec())) {
            LOG.warnf("%s: keepOnFailure: the network stays as it is for debugging", state.clusterId());
            return sent;
        }
        return sent.thenCompose(x -> release(state, Cause.ROLLBACK, failure.reason()));
    }

    /** Removes the network from every provisioned node (best effort), then says so. */
    private CompletionStage<Void> release(ClusterState state, Cause cause, FailureReason reason) {
        List<Integer> nodes = state.provisionedNodes();
        return applier.remove(state.clusterId(), nodes, n -> shells.open(state.provisioned().get(n)))
                .handle((results, failure) -> {
                    if (failure != null) {
                        LOG.errorf("%s: removing the network left something behind: %s", state.clusterId(),
                                unwrap(failure).getMessage());
                    } else {
                        LOG.infof("%s: removed the network from %d nodes", state.clusterId(), results.size());
                    }
                    return null;
                })
                .thenCompose(x -> send(new NetworkReleased(state.clusterId(), cause, reason)));
    }

    private CompletionStage<Void> send(KubelodeEvent event) {
        return publisher.publish(event);
    }

    private static NetworkStepException unwrap(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return t instanceof NetworkStepException s ? s
                : new NetworkStepException(FailureReason.NETWORK_SCRIPT_FAILED, String.valueOf(t.getMessage()), false);
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
