package io.kubelode.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import org.junit.jupiter.api.Test;

class ScaleNodesTest {

    @Test
    void aScaleUpAddsTheNodesAboveTheOldCountAndRemovesNone() {
        ClusterScaleRequested up = new ClusterScaleRequested("c", 3, Samples.spec().withNodes(5));
        assertThat(up.addedNodes()).containsExactly(4, 5);
        assertThat(up.leavingNodes()).isEmpty();
    }

    @Test
    void aScaleDownRemovesTheHighestNodesAndAddsNone() {
        ClusterScaleRequested down = new ClusterScaleRequested("c", 5, Samples.spec().withNodes(3));
        assertThat(down.leavingNodes()).containsExactly(4, 5);
        assertThat(down.addedNodes()).isEmpty();
    }
}
