package io.kubelode.apps;

import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.layer.Layer;
import io.kubelode.layer.LayerSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The apps layer's steps (the layer runtime reads {@code kubelode.k8s} and {@code kubelode.dns} for them):
 * ClusterJoined deploys the catalog, DnsRecordsDeleted (the chain going backwards) tears it down.
 */
@ApplicationScoped
public class AppsLayer implements Layer {
    @Inject
    AppsConfig config;
    @Inject
    AppsSaga saga;

    @Override
    public LayerSteps steps() {
        return LayerSteps.of(config.source()).inClusterOrder()
                .forward(ClusterJoined.class, j -> "deploying the apps", saga::onClusterJoined)
                .always(DnsRecordsDeleted.class, saga::onDnsRecordsDeleted);
    }
}
