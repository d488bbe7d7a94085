package io.kubelode.k8s;

import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.DnsEvent.DnsNodesWithdrawn;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.k8s.flow.K8sFlow;
import io.kubelode.layer.EventPublisher;
import io.kubelode.layer.Layer;
import io.kubelode.layer.LayerSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The k8s layer's steps (the layer runtime reads {@code kubelode.network}, {@code kubelode.apps} and
 * {@code kubelode.dns} for them): NetworkRouted bootstraps or joins the cluster, AppsDeleted resets it,
 * and a scale-down's DnsNodesWithdrawn removes the leaving nodes.
 */
@ApplicationScoped
public class K8sLayer implements Layer {
    @Inject
    K8sConfig config;
    @Inject
    K8sFlow flow;
    @Inject
    K8sScale scale;
    @Inject
    EventPublisher publisher;

    @Override
    public LayerSteps steps() {
        return LayerSteps.of(config.source()).inClusterOrder()
                .forward(NetworkRouted.class, r -> "joining", r -> flow.onNetworkRouted(r, publisher::publish))
                .always(AppsDeleted.class, d -> flow.onAppsDeleted(d, publisher::publish))
                .forward(DnsNodesWithdrawn.class, w -> "removing nodes " + w.nodes(), scale::onDnsNodesWithdrawn);
    }
}
