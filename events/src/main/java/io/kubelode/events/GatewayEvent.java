package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kubelode.events.spec.ClusterSpec;

/** Events on {@link Topics#GATEWAY}: what a person asked for. */
public sealed interface GatewayEvent extends KubelodeEvent {

    /** A person asked for a new cluster. Starts the forward chain. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClusterRequested(String clusterId, ClusterSpec spec) implements GatewayEvent {
    }

    /** A person asked for a cluster to be deleted. Starts the backward chain at the DNS layer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClusterDeleteRequested(String clusterId) implements GatewayEvent {
    }

    /** A person asked for a different node count; {@code spec} carries the new count. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClusterScaleRequested(String clusterId, int fromNodes, ClusterSpec spec) implements GatewayEvent {
    }
}
