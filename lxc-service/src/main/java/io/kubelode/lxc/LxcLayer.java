package io.kubelode.lxc;

import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.layer.Layer;
import io.kubelode.layer.LayerSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The lxc layer's steps (the layer runtime reads {@code kubelode.provisioner} and {@code kubelode.network}
 * for them): each provisioned node gets its two containers; a provisioning failure or the network layer's
 * release removes them; a scale-down's detached nodes lose theirs.
 */
@ApplicationScoped
public class LxcLayer implements Layer {
    @Inject
    LxcConfig config;
    @Inject
    LxcSaga saga;
    @Inject
    ScaleDown scaleDown;

    @Override
    public LayerSteps steps() {
        return LayerSteps.of(config.source())
                .forward(NodeProvisioned.class, n -> "containers of node " + n.node(), saga::onNodeProvisioned)
                .always(NodeProvisionFailed.class, saga::onNodeProvisionFailed)
                .always(NetworkReleased.class, saga::onNetworkReleased)
                .forward(NetworkNodesDetached.class, d -> "removing the containers of nodes " + d.nodes(),
                        scaleDown::release);
    }
}
