package io.kubelode.network;

import io.kubelode.events.K8sEvent.ClusterNodesDrained;
import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.layer.EventPublisher;
import io.kubelode.network.plan.ClusterNetwork;
import io.kubelode.network.plan.ScalePlan;
import io.kubelode.network.view.ClusterState;
import io.kubelode.network.view.ClusterViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The network layer's part of a scale-down: ClusterNodesDrained
 * (the leaving nodes are out of Kubernetes) takes the mesh interface, routes and rules off the
 * leaving nodes, then re-applies the plan for the remaining nodes on every one of them (their
 * peers and routes to the leaving nodes go; no node is renumbered), then NetworkNodesDetached.
 * Both steps converge, so a redelivery changes nothing. A scale-up needs nothing here: the last
 * new node's LxcReady routes the bigger plan on every node ({@link NetworkService}).
 */
@ApplicationScoped
public class NetworkScale {
    private static final Logger LOG = Logger.getLogger(NetworkScale.class);

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

    /** The step: once the view holds every node announced before the trigger. */
    public CompletionStage<Void> onClusterNodesDrained(ClusterNodesDrained drained) {
        return views.barrier().thenComposeAsync(x -> detach(drained));
    }

    private CompletionStage<Void> detach(ClusterNodesDrained drained) {
        ClusterState state = views.state(drained.clusterId());
        List<Integer> leaving = drained.nodes().stream().filter(state.provisioned()::containsKey).toList();
        ClusterNetwork remaining = ScalePlan.remaining(state.clusterId(), state.spec(),
                state.provisioned(), n -> secrets.meshKeys().of(state.clusterId(), n)
                .publicKey());
        LOG.infof("%s: nodes %s leave the mesh; %d nodes keep it", state.clusterId(), leaving,
                remaining.nodes().size());
        return applier.remove(state.clusterId(), leaving, n -> shells.open(state.provisioned().get(n)))
                .thenCompose(removed -> applier.apply(remaining, n -> secrets.meshKeys().of(state.clusterId(), n),
                        n -> shells.open(state.provisioned().get(n))))
                .thenCompose(applied -> publisher.publish(
                        new NetworkNodesDetached(state.clusterId(), List.copyOf(drained.nodes()), remaining.plan())));
    }
}
