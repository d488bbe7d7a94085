package io.kubelode.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.lxc.plan.ContainerPlan;
import io.kubelode.lxc.plan.LxcPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A leaving node's removal targets exactly what its creation made, although the spec no longer counts it. */
class ScaleDownPlanTest {
    private static ClusterSpec spec(int nodes) {
        return new ClusterSpec("demo", "eu-central", null, null, nodes, "example.org", null,
                List.of("ssh-ed25519 AAAA"), null, null, null);
    }

    @Test
    void aLeavingNodeIsPlannedAsItWasCreated() {
        LxcPlan created = LxcSaga.plan("demo", 5, spec(5));
        LxcPlan leaving = LxcSaga.plan("demo", 5, spec(4));
        assertThat(leaving).isEqualTo(created);
        assertThat(leaving.master()).isEqualTo(new ContainerPlan("demo-5-master", "master", "10.100.5.2", 1_000_000_000, 10_000_000));
        assertThat(leaving.worker().name()).isEqualTo("demo-5-worker");
    }
}
