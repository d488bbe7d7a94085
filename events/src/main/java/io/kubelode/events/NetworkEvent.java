package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kubelode.events.plan.AddressPlan;
import java.util.List;

/** Events on {@link Topics#NETWORK}: the address plan, the WireGuard mesh and routes on every node. */
public sealed interface NetworkEvent extends KubelodeEvent {

    /**
     * What applying the plan did on one node.
     *
     * @param meshPublicKey the node's WireGuard public key (the private key never leaves the node's layer)
     * @param changed       whether anything had to change
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodeRoutes(int node, String meshPublicKey, boolean changed) {
    }

    /** Every container and pod range of the cluster is reachable from every node through the mesh. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkRouted(String clusterId, AddressPlan plan, List<NodeRoutes> nodes) implements NetworkEvent {
    }

    /** The network could not be applied. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkFailed(String clusterId, FailureReason reason, String message) implements NetworkEvent, Failure {
    }

    /** Interfaces, routes and rules kubelode added are gone from every node. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkReleased(String clusterId, Cause cause, FailureReason reason) implements NetworkEvent, Compensation {
    }

    /**
     * A scale-down's third step: the leaving nodes left the mesh, and the remaining nodes' peers
     * and routes follow {@code plan} (the plan for the remaining nodes, numbers unchanged).
     *
     * @param nodes the leaving node indexes
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkNodesDetached(String clusterId, List<Integer> nodes, AddressPlan plan) implements NetworkEvent {
    }
}
