package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kubelode.events.spec.ClusterSpec;
import java.util.List;
import java.util.stream.IntStream;

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

        /** The node indexes a scale-up adds ({@code fromNodes+1..nodes}); empty for a scale-down. */
        @JsonIgnore
        public List<Integer> addedNodes() {
            return IntStream.rangeClosed(fromNodes + 1, spec.nodes()).boxed().toList();
        }

        /** The node indexes a scale-down removes ({@code nodes+1..fromNodes}); empty for a scale-up. */
        @JsonIgnore
        public List<Integer> leavingNodes() {
            return IntStream.rangeClosed(spec.nodes() + 1, fromNodes).boxed().toList();
        }
    }
}
