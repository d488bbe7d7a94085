package io.kubelode.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.EventType;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.gateway.Saga;
import io.kubelode.gateway.view.FeedRecord;
import io.kubelode.gateway.view.ReadModel;
import io.kubelode.support.CloudEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The repair webhook against a real HTTP server on 127.0.0.1, fed by a real read model. */
class RepairWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-08T01:00:00Z");
    private final Receiver receiver = new Receiver();
    private final List<RepairWebhook> hooks = new ArrayList<>();

    @AfterEach
    void stop() {
        hooks.forEach(RepairWebhook::close);
        receiver.close();
    }

    private RepairWebhook hook(int attempts, Duration backoff, Clock clock) {
        RepairWebhook h = RepairWebhook.of(new RepairWebhook.Settings(receiver.url(), Duration.ofSeconds(5), attempts,
                backoff, Duration.ofMinutes(15)), clock);
        hooks.add(h);
        return h;
    }

    private static List<FeedRecord> records(String prefix, List<KubelodeEvent> events, Instant start) {
        List<FeedRecord> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            KubelodeEvent e = events.get(i);
            CloudEvent ce = new CloudEvent(prefix + "-" + i, EventType.of(e), "/test", e.clusterId(),
                    start.plusSeconds(i), e);
            out.add(new FeedRecord(ce, ce.type().topic(), 0, i));
        }
        return out;
    }

    /** A Ready cluster, node 2 replaced, then node 3's reboot check failing. */
    private static List<KubelodeEvent> history(String id) {
        var requested = Saga.requested(id, 3);
        List<KubelodeEvent> forward = Saga.forward(id, requested.spec());
        List<KubelodeEvent> all = new ArrayList<>(List.of(requested));
        all.addAll(forward);
        all.add(new NodeRepairStarted(id, 2, Repair.REPLACE, 1002, "linode_delete finished (event 90211)"));
        all.add(new NodeProvisioned(id, 2, id + "-2", 2002, "eu-central", "127.0.20.2", "192.168.130.2", 22, "k"));
        all.add(forward.get(4));
        all.addAll(forward.subList(6, forward.size()));
        all.add(new NodeRepaired(id, 2, Repair.REPLACE, 2002, 412.5));
        all.add(new NodeRepairStarted(id, 3, Repair.REBOOT, 1003, "booted (event 91000)"));
        all.add(new NodeRepairFailed(id, 3, Repair.REBOOT, FailureReason.LXD_CONTAINERS_FAILED, "lxc-start exited 1"));
        return all;
    }

    @Test
    void eachRepairEventIsPostedOnceWithItsDocument() throws Exception {
        RepairWebhook hook = hook(4, Duration.ofMillis(50), Clock.systemUTC());
        ReadModel model = new ReadModel();
        model.listen(hook);
        model.markCaughtUp();
        List<FeedRecord> records = records("ev", history("web-aaaaa"), T0);
        model.apply(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 4);
        // redelivered records, and the same change handed over twice, send nothing more
        model.apply(records);
        ReadModel.Change again = new ReadModel.Change("web-aaaaa", "web", model.history("web-aaaaa").get(11),
                io.kubelode.events.Phase.Ready, io.kubelode.events.Phase.Repairing, false);
        hook.accept(again);
        hook.accept(again);
        Thread.sleep(500);

        List<Receiver.Request> got = receiver.requests();
        assertThat(got).hasSize(4);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hooks/s3cr3t-path");
            assertThat(r.contentType()).isEqualTo("application/json");
        });
        List<JsonNode> docs = new ArrayList<>();
        for (Receiver.Request r : got) {
            docs.add(JSON.readTree(r.body()));
        }
        assertThat(docs).extracting(d -> d.path("event").asText()).containsExactly("NodeRepairStarted",
                "NodeRepaired", "NodeRepairStarted", "NodeRepairFailed");
        assertThat(docs.get(0)).isEqualTo(JSON.readTree("""
                {"id": "ev-11", "type": "kubelode.node.repair-started.v1", "event": "NodeRepairStarted",
                 "clusterId": "web-aaaaa", "clusterName": "web", "node": 2, "repair": "REPLACE",
                 "phase": "Repairing", "previousPhase": "Ready", "needsAttention": false, "reason": null,
                 "seconds": null,
                 "message": "node 2: repair started - REPLACE of Linode 1002, cause: linode_delete finished (event 90211)",
                 "time": "2026-12-08T01:00:11Z"}"""));
        assertThat(docs.get(1)).isEqualTo(JSON.readTree("""
                {"id": "ev-18", "type": "kubelode.node.repaired.v1", "event": "NodeRepaired",
                 "clusterId": "web-aaaaa", "clusterName": "web", "node": 2, "repair": "REPLACE",
                 "phase": "Ready", "previousPhase": "Ready", "needsAttention": false, "reason": null,
                 "seconds": 412.5, "message": "node 2: replaced in 6 min 53 s (Linode 2002)",
                 "time": "2026-12-08T01:00:18Z"}"""));
        assertThat(docs.get(3)).isEqualTo(JSON.readTree("""
                {"id": "ev-20", "type": "kubelode.node.repair-failed.v1", "event": "NodeRepairFailed",
                 "clusterId": "web-aaaaa", "clusterName": "web", "node": 3, "repair": "REBOOT",
                 "phase": "Degraded", "previousPhase": "Repairing", "needsAttention": true,
                 "reason": "LxdContainersFailed", "seconds": null,
                 "message": "repair of node 3 (REBOOT) failed: LxdContainersFailed - lxc-start exited 1; the cluster serves on its other nodes, a person is needed",
                 "time": "2026-12-08T01:00:20Z"}"""));
        assertThat(got).extracting(Receiver.Request::body).noneSatisfy(b -> assertThat(b).contains("ssh-ed25519"));
        assertThat(hook.delivered()).isEqualTo(4);
        assertThat(hook.pending()).isZero();
    }

    @Test
    void aFailedPostIsTriedAgainWithBackOffAndGivenUpAfterTheAttempts() throws Exception {
        receiver.answering(n -> 503);
        RepairWebhook hook = hook(3, Duration.ofMillis(200), Clock.systemUTC());
        ReadModel model = new ReadModel();
        model.listen(hook);
        model.markCaughtUp();
        List<KubelodeEvent> events = history("ret-bbbbb");
        model.apply(records("r", events.subList(0, 12), T0));
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.givenUp() == 1);
        Thread.sleep(800);
        List<Receiver.Request> got = receiver.requests();
        assertThat(got).as("three attempts, not more").hasSize(3);
        assertThat(got).extracting(Receiver.Request::body).containsOnly(got.get(0).body());
        long first = Duration.ofNanos(got.get(1).atNanos() - got.get(0).atNanos()).toMillis();
        long second = Duration.ofNanos(got.get(2).atNanos() - got.get(1).atNanos()).toMillis();
        assertThat(first).as("first back-off").isGreaterThanOrEqualTo(190);
        assertThat(second).as("doubled").isGreaterThanOrEqualTo(390);
        assertThat(hook.delivered()).isZero();
        assertThat(hook.pending()).isZero();
    }

    @Test
    void aPostThatFailsOnceIsDeliveredByTheRetry() {
        receiver.answering(n -> n == 1 ? 500 : 200);
        RepairWebhook hook = hook(4, Duration.ofMillis(20), Clock.systemUTC());
        ReadModel model = new ReadModel();
        model.listen(hook);
        model.markCaughtUp();
        model.apply(records("o", history("one-ccccc").subList(0, 12), T0));
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.delivered() == 1);
        assertThat(receiver.requests()).hasSize(2);
        assertThat(hook.givenUp()).isZero();
    }

    @Test
    void aSlowReceiverNeverHoldsUpTheReadModel() {
        receiver.slow(Duration.ofSeconds(2));
        RepairWebhook hook = hook(1, Duration.ZERO, Clock.systemUTC());
        ReadModel model = new ReadModel();
        model.listen(hook);
        model.markCaughtUp();
        List<FeedRecord> records = records("s", history("slo-ddddd"), T0);
        long start = System.nanoTime();
        model.apply(records);
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(took).as("apply returned while the receiver sleeps 2 s per POST").isLessThan(1000);
        assertThat(model.cluster("slo-ddddd").orElseThrow().phase()).isEqualTo(io.kubelode.events.Phase.Degraded);
        assertThat(hook.pending()).isEqualTo(4);
    }

    @Test
    void theReplayAtStartSendsOnlyRecentRepairs() throws Exception {
        Instant now = T0.plus(Duration.ofHours(1));
        RepairWebhook hook = hook(1, Duration.ZERO, Clock.fixed(now, ZoneOffset.UTC));
        ReadModel model = new ReadModel();
        model.listen(hook);
        List<KubelodeEvent> events = history("rep-eeeee");
        // the replay: an old repair (an hour ago), then the last two events ten minutes ago
        List<FeedRecord> old = records("old", events.subList(0, 19), T0);
        List<FeedRecord> recent = records("new", events.subList(19, 21), now.minus(Duration.ofMinutes(10)));
        model.apply(old);
        model.apply(recent);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 2);
        Thread.sleep(300);
        assertThat(receiver.requests()).extracting(r -> JSON.readTree(r.body()).path("id").asText())
                .containsExactly("new-0", "new-1");
    }

    @Test
    void onlyRepairsAndADegradedClusterAreTold() {
        RepairWebhook hook = hook(1, Duration.ZERO, Clock.systemUTC());
        List<ReadModel.Change> told = new ArrayList<>();
        ReadModel model = new ReadModel();
        model.listen(c -> {
            if (RepairWebhook.tellsOf(c)) {
                told.add(c);
            }
        });
        model.listen(hook);
        model.apply(records("x", history("flt-fffff"), T0));
        assertThat(told).extracting(c -> c.entry().data().getClass().getSimpleName()).containsExactly(
                "NodeRepairStarted", "NodeRepaired", "NodeRepairStarted", "NodeRepairFailed");
    }

    @Test
    void anUnusableConfigurationRefusesToStart() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> RepairWebhook.of(new RepairWebhook.Settings(URI.create("ftp://example.org/x"), s, 3,
                s, s), Clock.systemUTC())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kubelode.gateway.webhook.url must be an http or https URL");
        assertThatThrownBy(() -> RepairWebhook.of(new RepairWebhook.Settings(URI.create("https://example.org/x"), s,
                11, s, s), Clock.systemUTC())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("attempts must be between 1 and 10, was 11");
        assertThat(RepairWebhook.redactedUrl(URI.create("https://hooks.example.org:8443/services/T0/B1/s3cr3t?x=y")))
                .isEqualTo("https://hooks.example.org:8443/…").doesNotContain("s3cr3t");
    }
}
