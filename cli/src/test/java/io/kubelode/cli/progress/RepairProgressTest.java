package io.kubelode.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.cli.Exit;
import io.kubelode.cli.render.Times;
import io.kubelode.events.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node repair as the CLI shows it: followed like a provisioning, Ready again or Degraded at its end. */
class RepairProgressTest {

    @Test
    void aReplacementIsFollowedOnTheRepairedNodeAndEndsReadyAgain() {
        List<JsonNode> entries = Repairs.replaced();
        ClusterProgress p = new ClusterProgress("homelab-abcde");
        List<String> lines = new ArrayList<>();
        List<Phase> phases = new ArrayList<>();
        for (JsonNode e : entries) {
            String step = p.apply(e);
            phases.add(p.phase());
            lines.add(EventLine.of(p, Times.parse(e.path("time")), e.path("topic").asText(), step));
            if (e.path("position").asInt() == 12) {
                assertThat(String.join("\n", ProgressFrame.render(p, Repairs.STARTED.plusSeconds(70))))
                        .isEqualTo("""
                        homelab-abcde  Repairing  01:10
                          node 1   [####################] 6/6  done
                          node 2   [###.................] 1/6  containers running  00:20
                          node 3   [####################] 6/6  done
                          instance   [####################] 3/3  done     00:50
                          containers [#############.......] 2/3  running  00:20
                          network    [#############.......] 2/3  pending
                          kubernetes [#############.......] 2/3  pending
                          apps       [#############.......] 2/3  pending
                          dns        [#############.......] 2/3  pending
                          repair: node 2: REPLACE of Linode 1002 under way (linode_delete finished (event 90211))
                          last: node 2: Linode 2002 homelab-abcde-2 at 127.0.20.2 provisioned""");
                assertThat(Goal.SETTLED.exitFor(p.phase())).as("a repair is followed to its end").isNull();
                assertThat(Goal.READY.exitFor(p.phase())).isNull();
            }
        }
        assertThat(phases.subList(11, phases.size())).containsExactly(Phase.Repairing, Phase.Repairing,
                Phase.Repairing, Phase.Repairing, Phase.Repairing, Phase.Repairing, Phase.Ready, Phase.Ready);
        assertThat(lines.get(11)).isEqualTo("+1:00:00  instance    node 2: repair started - REPLACE of Linode 1002,"
                + " cause: linode_delete finished (event 90211)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("+1:06:53  instance    node 2: replaced in 06:53"
                + " (Linode 2002)");
        assertThat(Goal.SETTLED.exitFor(p.phase())).isEqualTo(Exit.OK);
        assertThat(p.summary()).isEqualTo("cluster homelab-abcde is Ready again: node 2 replaced in 06:53");
        List<String> frame = ProgressFrame.render(p, Repairs.STARTED.plusSeconds(999));
        assertThat(frame).contains("  node 2   [####################] 6/6  done",
                "  containers [####################] 3/3  done     00:45",
                "  kubernetes [####################] 3/3  done     03:10",
                "  repair: node 2 replaced in 06:53");
    }

    @Test
    void aFailedRepairIsDegradedEndsTheFollowBadlyAndSaysAPersonIsNeeded() {
        List<JsonNode> entries = Repairs.degraded();
        ClusterProgress p = new ClusterProgress("homelab-abcde");
        String last = null;
        for (JsonNode e : entries) {
            last = EventLine.of(p, Times.parse(e.path("time")), e.path("topic").asText(), p.apply(e));
        }
        assertThat(p.phase()).isEqualTo(Phase.Degraded);
        assertThat(last).isEqualTo("+1:02:10  instance    node 2: repair FAILED - REPLACE: LxdContainersFailed -"
                + " lxc-start exited 1; a person is needed");
        assertThat(Goal.SETTLED.exitFor(p.phase())).isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(Goal.READY.exitFor(p.phase())).isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(Goal.DELETED.exitFor(p.phase())).isNull();
        assertThat(p.summary()).isEqualTo("cluster homelab-abcde is Degraded: repair of node 2 (REPLACE) failed:"
                + " LxdContainersFailed (lxc-start exited 1); the cluster serves on its other nodes, a person is"
                + " needed");
        List<String> frame = ProgressFrame.render(p, Repairs.STARTED.plusSeconds(999));
        assertThat(frame.get(0)).as("the repair's clock stops at the failure").isEqualTo("homelab-abcde  Degraded  02:10");
        assertThat(frame).contains("  node 2   [###.................] 1/6  containers FAILED   01:20",
                "  node 1   [####################] 6/6  done",
                "  repair: repair of node 2 (REPLACE) failed: LxdContainersFailed (lxc-start exited 1); the cluster"
                        + " serves on its other nodes, a person is needed");
        assertThat(p.failure()).as("a repair failure is not a saga failure").isNull();
    }
}
