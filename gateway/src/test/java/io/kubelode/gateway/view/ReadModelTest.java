package io.kubelode.gateway.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.events.Phase;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.gateway.Saga;
import io.kubelode.support.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadModelTest {
    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private static List<FeedRecord> records(List<KubelodeEvent> events) {
        List<FeedRecord> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            KubelodeEvent e = events.get(i);
            CloudEvent ce = new CloudEvent("id-" + e.clusterId() + "-" + i, io.kubelode.events.EventType.of(e),
                    "/test", e.clusterId(), T0.plusMillis(10L * i), e);
            out.add(new FeedRecord(ce, ce.type().topic(), 0, i));
        }
        return out;
    }

    private static List<KubelodeEvent> ready(String id) {
        List<KubelodeEvent> all = new ArrayList<>();
        var requested = Saga.requested(id, 3);
        all.add(requested);
        all.addAll(Saga.forward(id, requested.spec()));
        return all;
    }

    @Test
    void theForwardChainEndsReadyWithEveryConditionTrue() {
        ReadModel model = new ReadModel();
        List<FeedRecord> records = records(ready("demo-aaaaa"));
        model.apply(records.subList(0, 1));
        assertThat(model.cluster("demo-aaaaa").orElseThrow().phase()).isEqualTo(Phase.Pending);
        model.apply(records.subList(1, 3));
        ClusterView partial = model.cluster("demo-aaaaa").orElseThrow();
        assertThat(partial.phase()).isEqualTo(Phase.Provisioning);
        assertThat(partial.conditions()).filteredOn(c -> c.type().equals("InstanceReady"))
                .singleElement().satisfies(c -> {
                    assertThat(c.status()).isEqualTo("Unknown");
                    assertThat(c.message()).isEqualTo("2 of 3 node(s)");
                });
        model.apply(records.subList(3, records.size()));
        ClusterView view = model.cluster("demo-aaaaa").orElseThrow();
        assertThat(view.phase()).isEqualTo(Phase.Ready);
        assertThat(view.conditions()).extracting(Condition::status).containsOnly("True");
        assertThat(view.nodes()).hasSize(3).allSatisfy(n ->
                assertThat(n.conditions()).extracting(Condition::status).containsOnly("True"));
        assertThat(view.apps()).extracting(AppView::url)
                .containsExactly("https://www.example.org/", "https://blog.example.org/");
        assertThat(view.events()).isEqualTo(records.size());
        assertThat(view.conditions().get(0).lastTransitionTime()).isEqualTo(records.get(records.size() - 1)
                .event().time());
    }

    @Test
    void aFailureRollsBackUnlessTheSpecKeepsTheCluster() {
        ReadModel model = new ReadModel();
        var requested = Saga.requested("bad-bbbbb", 3);
        List<KubelodeEvent> events = new ArrayList<>(List.of(requested));
        events.addAll(Saga.lxcFailureAndRollback("bad-bbbbb", requested.spec()));
        List<FeedRecord> records = records(events);
        model.apply(records.subList(0, records.size() - 2));
        ClusterView failing = model.cluster("bad-bbbbb").orElseThrow();
        assertThat(failing.phase()).isEqualTo(Phase.RollingBack);
        assertThat(failing.nodes().get(1).conditions().get(Layer.CONTAINERS.ordinal()))
                .extracting(Condition::status, Condition::reason).containsExactly("False", "LxdContainersFailed");
        model.apply(records.subList(records.size() - 2, records.size()));
        assertThat(model.cluster("bad-bbbbb").orElseThrow().phase()).isEqualTo(Phase.RolledBack);

        ClusterSpec keep = new ClusterSpec("keep", "eu-central", null, null, 3, "example.org", null,
                requested.spec().sshKeys(), null, null, true);
        ReadModel kept = new ReadModel();
        List<KubelodeEvent> keptEvents = new ArrayList<>(List.of(new io.kubelode.events.GatewayEvent
                .ClusterRequested("keep-ccccc", keep)));
        keptEvents.addAll(Saga.lxcFailureAndRollback("keep-ccccc", keep).subList(0, keep.nodes() + 2));
        kept.apply(records(keptEvents));
        assertThat(kept.cluster("keep-ccccc").orElseThrow().phase()).isEqualTo(Phase.Failed);
    }

    @Test
    void aDeleteRunsThroughDeletingToDeleted() {
        ReadModel model = new ReadModel();
        List<KubelodeEvent> events = new ArrayList<>(ready("gone-ddddd"));
        int readyCount = events.size();
        events.addAll(Saga.teardown("gone-ddddd"));
        List<FeedRecord> records = records(events);
        model.apply(records.subList(0, readyCount + 1));
        assertThat(model.cluster("gone-ddddd").orElseThrow().phase()).isEqualTo(Phase.Deleting);
        model.apply(records.subList(readyCount + 1, records.size()));
        ClusterView view = model.cluster("gone-ddddd").orElseThrow();
        assertThat(view.phase()).isEqualTo(Phase.Deleted);
        assertThat(view.nodes().get(0).conditions()).extracting(Condition::reason).containsOnly("Deleted");
    }

    /** The forward chain of a repair of node {@code node}: the events every layer publishes for it again. */
    private static List<KubelodeEvent> repairChain(String id, int node, long newLinodeId, String newAddress) {
        List<KubelodeEvent> forward = Saga.forward(id, Saga.requested(id, 3).spec());
        List<KubelodeEvent> out = new ArrayList<>();
        out.add(new NodeProvisioned(id, node, id + "-" + node, newLinodeId, "eu-central", newAddress,
                "192.168.130." + node, 22, "SHA256:new" + node));
        out.add(forward.get(3 + node - 1));
        out.addAll(forward.subList(6, forward.size()));
        return out;
    }

    private static Condition condition(ClusterView view, String type) {
        return view.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
    }

    @Test
    void aReplacedNodeIsRepairingUntilDnsThenShowsItsNewInstanceAndHowTheRepairWent() {
        String id = "fix-hhhhh";
        List<KubelodeEvent> events = new ArrayList<>(ready(id));
        int readyCount = events.size();
        events.add(new NodeRepairStarted(id, 2, Repair.REPLACE, 1002, "linode_delete finished (event 90211)"));
        events.addAll(repairChain(id, 2, 2002, "127.0.20.2"));
        events.add(new NodeRepaired(id, 2, Repair.REPLACE, 2002, 412.5));
        List<FeedRecord> records = records(events);
        ReadModel model = new ReadModel();
        model.apply(records.subList(0, readyCount));
        assertThat(model.cluster(id).orElseThrow().conditions()).extracting(Condition::type)
                .as("no repair, no repair condition").doesNotContain("NodeRepaired");

        model.apply(records.subList(readyCount, readyCount + 1));
        ClusterView repairing = model.cluster(id).orElseThrow();
        assertThat(repairing.phase()).isEqualTo(Phase.Repairing);
        assertThat(repairing.conditions().get(0)).satisfies(c -> {
            assertThat(c.type()).isEqualTo("Ready");
            assertThat(c.status()).isEqualTo("False");
            assertThat(c.reason()).isEqualTo("Repairing");
            assertThat(c.message()).isEqualTo("node 2 is being replaced (Linode 1002 at 127.0.10.2: linode_delete"
                    + " finished (event 90211)); the cluster serves on its other nodes; waiting for InstanceReady on"
                    + " node 2");
        });
        assertThat(condition(repairing, "NodeRepaired")).extracting(Condition::status, Condition::reason)
                .containsExactly("Unknown", "Repairing");
        assertThat(repairing.nodes().get(1).conditions()).extracting(Condition::status, Condition::reason)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("Unknown", "Repairing"));
        assertThat(repairing.nodes().get(0).conditions()).extracting(Condition::status).containsOnly("True");
        assertThat(repairing.lastRepair()).satisfies(r -> {
            assertThat(r.state()).isEqualTo("Repairing");
            assertThat(r.node()).isEqualTo(2);
            assertThat(r.repair()).isEqualTo(Repair.REPLACE);
            assertThat(r.linodeId()).isEqualTo(1002L);
            assertThat(r.publicIpv4()).isEqualTo("127.0.10.2");
            assertThat(r.finishedAt()).isNull();
        });

        model.apply(records.subList(readyCount + 1, readyCount + 2));
        ClusterView provisioned = model.cluster(id).orElseThrow();
        assertThat(provisioned.phase()).isEqualTo(Phase.Repairing);
        assertThat(provisioned.nodes()).extracting(NodeView::node).containsExactly(1, 2, 3);
        assertThat(provisioned.nodes().get(1)).satisfies(n -> {
            assertThat(n.linodeId()).isEqualTo(2002L);
            assertThat(n.publicIpv4()).isEqualTo("127.0.20.2");
        });
        assertThat(provisioned.conditions().get(0).message()).endsWith("waiting for ContainersReady on node 2");

        model.apply(records.subList(readyCount + 2, records.size()));
        ClusterView view = model.cluster(id).orElseThrow();
        assertThat(view.phase()).isEqualTo(Phase.Ready);
        assertThat(view.conditions()).extracting(Condition::status).containsOnly("True");
        assertThat(view.nodes()).hasSize(3).allSatisfy(n ->
                assertThat(n.conditions()).extracting(Condition::status).containsOnly("True"));
        assertThat(view.nodes()).extracting(NodeView::linodeId).containsExactly(1001L, 2002L, 1003L);
        assertThat(view.nodes()).extracting(NodeView::publicIpv4).containsExactly("127.0.10.1", "127.0.20.2",
                "127.0.10.3");
        Instant repairedAt = records.get(records.size() - 1).event().time();
        assertThat(condition(view, "NodeRepaired")).isEqualTo(new Condition("NodeRepaired", "True", "Replaced",
                "node 2 replaced in 6 min 53 s: Linode 1002 at 127.0.10.2 -> Linode 2002 at 127.0.20.2 (cause:"
                        + " linode_delete finished (event 90211))", repairedAt));
        assertThat(view.lastRepair()).isEqualTo(new RepairView(2, Repair.REPLACE, "Repaired",
                "linode_delete finished (event 90211)", records.get(readyCount).event().time(), repairedAt, 412.5,
                1002L, "127.0.10.2", 2002L, "127.0.20.2", null, condition(view, "NodeRepaired").message()));
        List<HistoryEntry> history = model.history(id);
        assertThat(history.get(readyCount).summary()).isEqualTo("node 2: repair started - REPLACE of Linode 1002,"
                + " cause: linode_delete finished (event 90211)");
        assertThat(history.get(readyCount + 1).summary()).isEqualTo("node 2: Linode 2002 fix-hhhhh-2 at 127.0.20.2"
                + " provisioned");
        assertThat(history.get(history.size() - 1).summary()).isEqualTo("node 2: replaced in 6 min 53 s"
                + " (Linode 2002)");
    }

    @Test
    void aFailedRepairIsDegradedSaysWhereItStoppedAndThatAPersonIsNeeded() {
        String id = "deg-iiiii";
        List<KubelodeEvent> events = new ArrayList<>(ready(id));
        int readyCount = events.size();
        events.add(new NodeRepairStarted(id, 3, Repair.REBOOT, 1003, "booted by Lassie (event 77)"));
        events.add(repairChain(id, 3, 1003, "127.0.10.3").get(0));
        events.add(new NodeRepairFailed(id, 3, Repair.REBOOT, FailureReason.LXD_CONTAINERS_FAILED,
                "lxc-start exited 1"));
        int failedCount = events.size();
        events.add(new NodeRepairStarted(id, 3, Repair.REBOOT, 1003, "booted by a person (event 78)"));
        events.addAll(repairChain(id, 3, 1003, "127.0.10.3"));
        events.add(new NodeRepaired(id, 3, Repair.REBOOT, 1003, 65));
        List<FeedRecord> records = records(events);
        ReadModel model = new ReadModel();
        List<ReadModel.Change> changes = new ArrayList<>();
        model.listen(changes::add);
        model.apply(records.subList(0, failedCount));

        ClusterView degraded = model.cluster(id).orElseThrow();
        assertThat(degraded.phase()).isEqualTo(Phase.Degraded);
        String failure = "repair of node 3 (REBOOT) failed: LxdContainersFailed - lxc-start exited 1; the cluster"
                + " serves on its other nodes, a person is needed";
        assertThat(degraded.conditions().get(0)).extracting(Condition::status, Condition::reason, Condition::message)
                .containsExactly("False", "Degraded", failure);
        Instant failedAt = records.get(failedCount - 1).event().time();
        assertThat(condition(degraded, "NodeRepaired")).isEqualTo(new Condition("NodeRepaired", "False",
                "LxdContainersFailed", failure, failedAt));
        assertThat(degraded.nodes().get(2).conditions()).extracting(Condition::type, Condition::status,
                Condition::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("InstanceReady", "True", "Provisioned"),
                org.assertj.core.groups.Tuple.tuple("ContainersReady", "False", "LxdContainersFailed"),
                org.assertj.core.groups.Tuple.tuple("NetworkRouted", "Unknown", "Degraded"),
                org.assertj.core.groups.Tuple.tuple("KubernetesJoined", "Unknown", "Degraded"),
                org.assertj.core.groups.Tuple.tuple("AppsDeployed", "Unknown", "Degraded"),
                org.assertj.core.groups.Tuple.tuple("DnsPublished", "Unknown", "Degraded"));
        assertThat(condition(degraded, "ContainersReady")).extracting(Condition::status, Condition::reason)
                .containsExactly("False", "LxdContainersFailed");
        assertThat(degraded.nodes().get(0).conditions()).extracting(Condition::status).containsOnly("True");
        assertThat(degraded.lastRepair()).extracting(RepairView::state, RepairView::reason, RepairView::finishedAt)
                .containsExactly("Failed", "LxdContainersFailed", failedAt);
        assertThat(model.history(id).get(failedCount - 1).summary()).isEqualTo(failure);
        assertThat(changes).hasSize(failedCount);
        assertThat(changes.get(failedCount - 1)).satisfies(c -> {
            assertThat(c.before()).isEqualTo(Phase.Repairing);
            assertThat(c.after()).isEqualTo(Phase.Degraded);
            assertThat(c.replayed()).as("read before the model caught up").isTrue();
            assertThat(c.clusterName()).isEqualTo("deg");
        });

        model.markCaughtUp();
        model.apply(records.subList(failedCount, failedCount + 1));
        assertThat(model.cluster(id).orElseThrow().phase()).as("a new repair of a Degraded cluster")
                .isEqualTo(Phase.Repairing);
        assertThat(changes.get(failedCount).replayed()).isFalse();
        model.apply(records.subList(failedCount + 1, records.size()));
        ClusterView view = model.cluster(id).orElseThrow();
        assertThat(view.phase()).isEqualTo(Phase.Ready);
        assertThat(view.conditions()).extracting(Condition::status).containsOnly("True");
        assertThat(condition(view, "NodeRepaired")).extracting(Condition::reason, Condition::message,
                Condition::lastTransitionTime).containsExactly("Rebooted", "node 3 checked after a reboot in 1 min 5 s:"
                + " Linode 1003 at 127.0.10.3 (cause: booted by a person (event 78))",
                records.get(records.size() - 1).event().time());
        assertThat(changes).hasSize(records.size());
    }

    @Test
    void aRedeliveredEventIsFoldedOnce() {
        ReadModel model = new ReadModel();
        List<FeedRecord> records = records(ready("dup-eeeee"));
        model.apply(records);
        model.apply(records.subList(2, 5));
        assertThat(model.history("dup-eeeee")).hasSize(records.size());
    }

    @Test
    void subscribersGetTheBacklogThenLiveEntriesExactlyOnceInOrder() {
        ReadModel model = new ReadModel();
        List<FeedRecord> records = records(ready("sub-fffff"));
        model.apply(records.subList(0, 4));
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        Runnable stop = model.subscribe("sub-fffff", 2, e -> seen.add(e.position()));
        model.apply(records.subList(4, 6));
        stop.run();
        model.apply(records.subList(6, records.size()));
        assertThat(seen).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void canonicalOrderBuildsTheSameHistoryWhateverOrderRecordsArriveIn() {
        List<FeedRecord> records = records(ready("ord-ggggg"));
        ReadModel first = new ReadModel();
        Reorderer a = new Reorderer(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1));
        records.forEach(r -> a.add(r, T0));
        first.apply(a.drain());
        List<FeedRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(7));
        ReadModel second = new ReadModel();
        Reorderer b = new Reorderer(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1));
        shuffled.forEach(r -> b.add(r, T0));
        assertThat(b.release(T0)).as("nothing is due before the watermark passes").isEmpty();
        second.apply(b.release(T0.plusSeconds(5)));
        assertThat(second.history("ord-ggggg")).isEqualTo(first.history("ord-ggggg"));
        assertThat(second.clusters()).isEqualTo(first.clusters());
    }
}
