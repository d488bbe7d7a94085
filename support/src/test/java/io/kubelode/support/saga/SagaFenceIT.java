package io.kubelode.support.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.LxcFailed;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fence against a real broker: what fences, what does not, and that a restart remembers. */
class SagaFenceIT {
    private static String bootstrap;
    private static KafkaProducer<String, String> producer;
    private static SagaFence fence;

    @BeforeAll
    static void start() {
        bootstrap = SharedBroker.get().bootstrapServers();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        fence = new SagaFence(bootstrap, "test").start();
    }

    @AfterAll
    static void stop() {
        fence.close();
        producer.close();
    }

    private static String cluster() {
        return "c-" + UUID.randomUUID();
    }

    private static void publish(KubelodeEvent event) throws Exception {
        producer.send(CloudEventCodec.toRecord(CloudEvent.of("/test", event))).get(10, TimeUnit.SECONDS);
    }

    private static boolean fenced(String cluster) throws Exception {
        return fence.fenced(cluster).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDeleteRequestFencesAtOnceForTheNextCheck() throws Exception {
        String c = cluster();
        assertThat(fenced(c)).isFalse();
        publish(new DnsPublished(c, Map.of("www", List.of("127.0.0.1"))));
        publish(new DnsAddressWithdrawn(c, 1, "127.0.0.1", FailureReason.PORTS_UNREACHABLE));
        assertThat(fenced(c)).as("forward and health events do not fence").isFalse();

        publish(new ClusterDeleteRequested(c));
        // no waiting: the check reads the topics to their end as of the call
        assertThat(fenced(c)).isTrue();
        assertThat(fence.fencedNow(c)).isTrue();
    }

    @Test
    void anyFailureOrRollbackFencesOnlyItsCluster() throws Exception {
        String failed = cluster();
        String compensated = cluster();
        String bystander = cluster();
        publish(new LxcFailed(failed, 2, FailureReason.LXD_CONTAINERS_FAILED, "lxc-start exited 1"));
        publish(new NetworkReleased(compensated, Cause.ROLLBACK, FailureReason.CONTROL_PLANE_JOIN_FAILED));
        assertThat(fenced(failed)).isTrue();
        assertThat(fenced(compensated)).isTrue();
        assertThat(fenced(bystander)).isFalse();
    }

    @Test
    void aRestartedServiceKnowsWhatHappenedWhileItWasDown() throws Exception {
        String c = cluster();
        publish(new ClusterDeleteRequested(c));
        try (SagaFence restarted = new SagaFence(bootstrap, "restarted").start()) {
            assertThat(restarted.fenced(c).get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aForwardStepRunsOnlyForAClusterNotFenced() throws Exception {
        String open = cluster();
        String deleted = cluster();
        publish(new ClusterDeleteRequested(deleted));
        AtomicInteger ran = new AtomicInteger();
        String a = fence.forward(open, "step", () -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture("done");
        }, "skipped").get(10, TimeUnit.SECONDS);
        String b = fence.forward(deleted, "step", () -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture("done");
        }, "skipped").get(10, TimeUnit.SECONDS);
        assertThat(a).isEqualTo("done");
        assertThat(b).isEqualTo("skipped");
        assertThat(ran).hasValue(1);
    }

    @Test
    void aCheckIsQuickOnAFollowedTopic() throws Exception {
        fenced(cluster());
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            fenced(cluster());
        }
        Duration each = Duration.ofNanos((System.nanoTime() - start) / 20);
        // a barrier wakes the follower at once: neither a replay of the topics nor the fetch long poll (500 ms)
        assertThat(each).isLessThan(Duration.ofMillis(150));
    }
}
