package io.kubelode.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.cli.Exit;
import io.kubelode.cli.render.Times;
import io.kubelode.events.FailureReason;
import io.kubelode.events.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress renderers fed event sequences recorded from the real gateway. */
class ProgressTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private static ClusterProgress fed(String name, int count) {
        ClusterProgress p = new ClusterProgress("homelab-abcde");
        Recorded.entries(name).subList(0, count).forEach(p::apply);
        return p;
    }

    @Test
    void midwayEachNodeShowsItsCurrentLayerAndEachLayerItsNodes() {
        ClusterProgress p = fed("ready", 5);
        assertThat(p.phase()).isEqualTo(Phase.Provisioning);
        assertThat(String.join("\n", ProgressFrame.render(p, T0.plusSeconds(80)))).isEqualTo("""
                homelab-abcde  Provisioning  01:20
                  node 1   [######..............] 2/6  network    pending
                  node 2   [###.................] 1/6  containers running  00:35
                  node 3   [###.................] 1/6  containers running  00:28
                  instance   [####################] 3/3  done     00:52
                  containers [######..............] 1/3  running  00:39
                  network    [....................] 0/3  pending
                  kubernetes [....................] 0/3  pending
                  apps       [....................] 0/3  pending
                  dns        [....................] 0/3  pending
                  last: node 1: containers homelab-abcde-1-master and homelab-abcde-1-worker running (SELinux disabled)""");
    }

    @Test
    void readyShowsEveryBarFullWithTheTimeEachLayerTook() {
        ClusterProgress p = fed("ready", 11);
        assertThat(p.phase()).isEqualTo(Phase.Ready);
        assertThat(Goal.READY.exitFor(p.phase())).isEqualTo(Exit.OK);
        List<String> frame = ProgressFrame.render(p, T0.plusSeconds(999));
        assertThat(frame.get(0)).as("the clock stops at Ready").isEqualTo("homelab-abcde  Ready  04:25");
        assertThat(frame).contains("  node 2   [####################] 6/6  done",
                "  kubernetes [####################] 3/3  done     01:35",
                "  dns        [####################] 3/3  done     00:05");
        assertThat(p.summary()).isEqualTo("cluster homelab-abcde is Ready after 04:25");
        assertThat(ProgressFrame.layerTimes(p, T0.plusSeconds(999))).isEqualTo("""
                LAYER       STATE  TOOK
                instance    done   00:52
                containers  done   00:42
                network     done   00:12
                kubernetes  done   01:35
                apps        done   01:10
                dns         done   00:05
                total       Ready  04:25
                """);
    }

    @Test
    void aRollbackNamesTheFailedLayerNodeAndReason() {
        List<JsonNode> entries = Recorded.entries("rollback");
        ClusterProgress p = new ClusterProgress("homelab-abcde");
        List<String> lines = new ArrayList<>();
        List<Phase> phases = new ArrayList<>();
        for (JsonNode e : entries) {
            String step = p.apply(e);
            phases.add(p.phase());
            lines.add(EventLine.of(p, Times.parse(e.path("time")), e.path("topic").asText(), step));
        }
        assertThat(String.join("\n", lines)).isEqualTo("""
                +00:00  cluster     requested: 3 x g6-nanode-1 in us-east
                +00:41  instance    node 1: Linode 1001 homelab-abcde-1 at 127.0.10.1 provisioned
                +00:45  instance    node 2: Linode 1002 homelab-abcde-2 at 127.0.10.2 provisioned
                +00:52  instance    node 3: Linode 1003 homelab-abcde-3 at 127.0.10.3 provisioned
                +01:10  containers  node 1: containers homelab-abcde-1-master and homelab-abcde-1-worker running (SELinux disabled)
                +01:14  containers  node 2: containers FAILED: LxdContainersFailed - lxc-start exited 1
                +01:20  containers  containers: released (rollback: LxdContainersFailed)
                +01:35  instance    instance: released (rollback: LxdContainersFailed)""");
        assertThat(phases).containsExactly(Phase.Pending, Phase.Provisioning, Phase.Provisioning, Phase.Provisioning,
                Phase.Provisioning, Phase.RollingBack, Phase.RollingBack, Phase.RolledBack);
        assertThat(Goal.READY.exitFor(Phase.RollingBack)).as("a rollback is followed to its end").isNull();
        assertThat(Goal.READY.exitFor(p.phase())).isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(Goal.SETTLED.exitFor(p.phase())).isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(p.failure()).isEqualTo(new ClusterProgress.Failure(Layer.CONTAINERS, 2,
                FailureReason.LXD_CONTAINERS_FAILED, "lxc-start exited 1"));
        assertThat(p.summary()).isEqualTo("cluster homelab-abcde was rolled back after 01:35: the containers layer"
                + " failed on node 2: LxdContainersFailed (lxc-start exited 1)");
        List<String> frame = ProgressFrame.render(p, T0.plusSeconds(200));
        assertThat(frame).contains("  node 2   [....................] 0/6  containers FAILED   01:14",
                "  node 1   [....................] 0/6  instance   released 01:35",
                "  containers [....................] 0/3  FAILED",
                "  failed: the containers layer failed on node 2: LxdContainersFailed (lxc-start exited 1)");
    }

    @Test
    void keepOnFailureStopsAtFailedAndADeleteEndsAtDeleted() {
        List<JsonNode> entries = Recorded.entries("rollback");
        ClusterProgress kept = new ClusterProgress("homelab-abcde");
        com.fasterxml.jackson.databind.node.ObjectNode first = entries.get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) first.path("data").path("spec")).put("keepOnFailure", true);
        kept.apply(first);
        entries.subList(1, 6).forEach(kept::apply);
        assertThat(kept.phase()).isEqualTo(Phase.Failed);
        assertThat(Goal.READY.exitFor(kept.phase())).isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(Goal.DELETED.exitFor(kept.phase())).isNull();
        assertThat(kept.summary()).startsWith("cluster homelab-abcde Failed after 01:14 (kept for debugging");

        assertThat(Goal.DELETED.exitFor(Phase.Deleted)).isEqualTo(Exit.OK);
        assertThat(Goal.SETTLED.exitFor(Phase.Deleted)).isEqualTo(Exit.OK);
        assertThat(Goal.READY.exitFor(Phase.Deleted)).isEqualTo(Exit.CLUSTER_FAILED);
    }

    @Test
    void longLinesAreCutToTheTerminalWidth() {
        List<String> frame = ProgressFrame.render(fed("ready", 5), T0.plusSeconds(80), 60);
        assertThat(frame).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(59));
        assertThat(frame.get(frame.size() - 1)).isEqualTo("  last: node 1: containers homelab-abcde-1-master and ho...");
    }
}
