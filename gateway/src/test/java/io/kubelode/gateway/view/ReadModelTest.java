package io.kubelode.gateway.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.KubelodeEvent;
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
