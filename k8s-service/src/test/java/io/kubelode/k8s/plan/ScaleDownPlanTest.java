package io.kubelode.k8s.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.plan.AddressPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleDownPlanTest {

    @Test
    void removesTheLeavingContainersFromTheTopWithTheirEtcdPeerUrls() {
        var spec = Fixtures.spec(Fixtures.VERSION, 3);
        AddressPlan five = AddressPlan.of(spec, 5);
        LxcReady four = new LxcReady("homelab", 4,
                new Container("homelab-4-master", "master", five.node(4).masterAddress(), 1, 1),
                new Container("homelab-4-worker", "worker", five.node(4).workerAddress(), 1, 1), "disabled");

        ScaleDownPlan plan = ScaleDownPlan.of("homelab", spec, List.of(4, 5), Map.of(4, four));

        assertThat(plan.keep()).isEqualTo(3);
        assertThat(plan.nodes()).containsExactly(4, 5);
        assertThat(plan.leaving()).extracting(ScaleDownPlan.Leaving::node).containsExactly(5, 4);
        assertThat(plan.nodeNames()).containsExactly("homelab-5-worker", "homelab-5-master", "homelab-4-worker",
                "homelab-4-master");
        // node 5 had no LxcReady in the view: the same deterministic names and plan addresses
        assertThat(plan.leaving().get(0).masterAddress()).isEqualTo(five.node(5).masterAddress());
        assertThat(plan.leaving().get(1).masterAddress()).isEqualTo(five.node(4).masterAddress());
    }

    @Test
    void neverRemovesANodeTheNewCountKeeps() {
        var spec = Fixtures.spec(Fixtures.VERSION, 3);
        assertThatThrownBy(() -> ScaleDownPlan.of("homelab", spec, List.of(3), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stays");
    }
}
