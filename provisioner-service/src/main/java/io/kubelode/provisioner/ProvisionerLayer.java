package io.kubelode.provisioner;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.layer.EventPublisher;
import io.kubelode.layer.Layer;
import io.kubelode.layer.LayerSteps;
import io.kubelode.provisioner.flow.Provisioner;
import io.kubelode.provisioner.watch.Watcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The provisioner's steps (the layer runtime reads {@code kubelode.gateway} and {@code kubelode.lxc} for
 * them). ClusterRequested provisions the instances; LxcReleased (the end of a teardown or rollback chain
 * above) deletes them. Scaling: a scale-up's ClusterScaleRequested provisions the new nodes (the forward
 * chain runs for each NodeProvisioned); a scale-down's LxcNodesReleased (their containers gone) deletes
 * the leaving nodes' instances (NodesRemoved ends the scale-down). All are idempotent ensures keyed by the
 * deterministic labels; the work runs on the provisioner's own threads, paced by its gate on the Linode API.
 */
@ApplicationScoped
public class ProvisionerLayer implements Layer {
    private static final Logger LOG = Logger.getLogger(ProvisionerLayer.class);

    @Inject
    ProvisionerConfig config;
    @Inject
    Provisioner provisioner;
    @Inject
    EventPublisher publisher;
    @Inject
    Watcher watcher;

    @Override
    public LayerSteps steps() {
        return LayerSteps.of(config.source())
                .forward(ClusterRequested.class, r -> "provisioning",
                        r -> provisioner.provision(r.clusterId(), r.spec(), publisher::publish))
                .always(LxcReleased.class,
                        r -> provisioner.release(r.clusterId(), r.cause(), r.reason(), publisher::publish))
                .forward(ClusterScaleRequested.class, s -> "scale-up to " + s.spec().nodes() + " nodes", this::scaleUp)
                .forward(LxcNodesReleased.class, r -> "removing the instances of nodes " + r.nodes(),
                        r -> provisioner.remove(r.clusterId(), r.nodes(), publisher::publish))
                .forward(NodeRepairStarted.class, r -> "repairing node " + r.node() + " (" + r.repair() + ")",
                        this::repair);
    }

    private CompletionStage<Void> repair(NodeRepairStarted repair) {
        return watcher.spec(repair).thenCompose(spec -> provisioner.repair(repair, spec, publisher::publish));
    }

    private CompletionStage<Void> scaleUp(ClusterScaleRequested scale) {
        List<Integer> added = scale.addedNodes();
        if (added.isEmpty()) {
            return CompletableFuture.completedFuture(null); // a scale-down: the layers above start it
        }
        LOG.infof("%s: scaling up from %d to %d nodes", scale.clusterId(), scale.fromNodes(), scale.spec().nodes());
        return provisioner.provision(scale.clusterId(), scale.spec(), added.get(0), added.get(added.size() - 1),
                publisher::publish);
    }
}
