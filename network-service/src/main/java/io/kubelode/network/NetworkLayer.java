package io.kubelode.network;

import io.kubelode.events.K8sEvent.ClusterNodesDrained;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.layer.Layer;
import io.kubelode.layer.LayerSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The network layer's steps (the layer runtime reads {@code kubelode.lxc} and {@code kubelode.k8s} for
 * them): the last node's LxcReady routes the cluster, ClusterReset removes the network, and a scale-down's
 * ClusterNodesDrained detaches the leaving nodes.
 */
@ApplicationScoped
public class NetworkLayer implements Layer {
    @Inject
    NetworkConfig config;
    @Inject
    NetworkService service;
    @Inject
    NetworkScale scale;

    @Override
    public LayerSteps steps() {
        return LayerSteps.of(config.source()).inClusterOrder()
                .forward(LxcReady.class, r -> "routing", service::onLxcReady)
                .always(ClusterReset.class, service::onClusterReset)
                .forward(ClusterNodesDrained.class, d -> "detaching nodes " + d.nodes() + " from the mesh",
                        scale::onClusterNodesDrained);
    }
}
