package io.kubelode.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcFailed;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The service on a real broker: NodeProvisioned per node in, LxcReady per node out (the nodes of
 * one cluster worked on at the same time), NetworkReleased in, LxcReleased out with the same cause;
 * a failing node gives LxcFailed and the rollback, and its siblings make no container once it failed. The hosts are scripted (see {@link ScriptedShells});
 * the scripts themselves are proven on real hosts in the shared real-host scenario (realhost module).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class LxcFlowIT {

    @Inject
    ScriptedShells shells;

    @Test
    void everyNodeOfAClusterIsWorkedOnConcurrentlyAndTeardownAnswersWithTheSameCause() {
        String id = ScriptedShells.CONCURRENT;
        announce(id);
        List<LxcReady> ready = awaitEvents(id, e -> e instanceof LxcReady, 3).stream().map(LxcReady.class::cast).toList();
        assertThat(ready).extracting(LxcReady::node).containsExactlyInAnyOrder(1, 2, 3);
        LxcReady second = ready.stream().filter(r -> r.node() == 2).findFirst().orElseThrow();
        assertThat(second.master()).isEqualTo(new Container(id + "-2-master", "master", "10.100.2.2", 1_000_000_000, 10_000_000));
        assertThat(second.worker()).isEqualTo(new Container(id + "-2-worker", "worker", "10.100.2.3", 1_010_000_000, 10_000_000));
        assertThat(second.selinux()).isEqualTo("disabled");
        // what the hosts' scripts found reaches the bus: no AppArmor on node 2, enforced on node 3
        assertThat(second.walls()).containsExactly("idmap");
        assertThat(ready.stream().filter(r -> r.node() == 3).findFirst().orElseThrow().walls())
                .containsExactly("idmap", "apparmor");

        publish(new NetworkReleased(id, Cause.DELETE, FailureReason.DELETED));
        assertThat(awaitEvents(id, e -> e instanceof LxcReleased, 1))
                .containsExactly(new LxcReleased(id, Cause.DELETE, FailureReason.DELETED));
        assertThat(shells.ran()).contains(id + "/1/release", id + "/2/release", id + "/3/release");
    }

    @Test
    void failingNodesAreReportedAndTheClusterIsRolledBackOnce() {
        String id = ScriptedShells.FAILING;
        announce(id);
        assertThat(awaitEvents(id, e -> e instanceof LxcReleased, 1))
                .containsExactly(new LxcReleased(id, Cause.ROLLBACK, FailureReason.LXD_CONTAINERS_FAILED));
        List<KubelodeEvent> events = eventsSoFar(id);
        // node 3 fails as well when its work started before node 2's failure fenced the cluster,
        // and is skipped otherwise; either way one release answers
        List<LxcFailed> failed = events.stream().filter(e -> e instanceof LxcFailed).map(LxcFailed.class::cast).toList();
        assertThat(failed).extracting(LxcFailed::node).contains(2).isSubsetOf(2, 3).doesNotHaveDuplicates();
        assertThat(failed).extracting(LxcFailed::reason).containsOnly(FailureReason.LXD_CONTAINERS_FAILED);
        assertThat(events).filteredOn(e -> e instanceof LxcReleased).hasSize(1);
        assertThat(events).as("nothing after the release").last().isInstanceOf(LxcReleased.class);
        assertThat(shells.ran()).contains(id + "/1/release", id + "/2/release", id + "/3/release");
    }

    @Test
    void aNodeFailingStopsItsSiblingsBeforeTheirContainersAndOneReleaseAnswers() {
        String id = ScriptedShells.HOST_FAILS;
        announce(id);
        assertThat(awaitEvents(id, e -> e instanceof LxcReleased, 1))
                .containsExactly(new LxcReleased(id, Cause.ROLLBACK, FailureReason.LXD_HOST_SETUP_FAILED));
        List<KubelodeEvent> events = eventsSoFar(id);
        assertThat(events).filteredOn(e -> e instanceof LxcFailed).singleElement()
                .extracting(e -> ((LxcFailed) e).node()).isEqualTo(3);
        assertThat(events).as("no node of a cluster rolled back is announced ready")
                .noneMatch(e -> e instanceof LxcReady);
        List<String> ran = shells.ran().stream().filter(step -> step.startsWith(id + "/")).toList();
        assertThat(ran).as("nodes 1 and 2 end their host step, then make no container")
                .containsExactlyInAnyOrder(id + "/1/host", id + "/2/host", id + "/3/host", id + "/1/release",
                        id + "/2/release", id + "/3/release");
    }

    @Test
    void aProvisioningFailureReleasesTheAnnouncedNodesAfterTheirWorkInFlight() {
        String id = ScriptedShells.SLOW_HOST;
        releaseWhileNode1IsWorkedOn(id,
                new NodeProvisionFailed(id, 2, FailureReason.LINODE_CREATE_REJECTED, "no capacity"),
                new LxcReleased(id, Cause.ROLLBACK, FailureReason.LINODE_CREATE_REJECTED));
        assertThat(eventsSoFar(id)).as("LxcReleased is the layer's last word")
                .last().isEqualTo(new LxcReleased(id, Cause.ROLLBACK, FailureReason.LINODE_CREATE_REJECTED));
    }

    @Test
    void aDeleteWhileANodeIsWorkedOnReleasesAfterThatWorkAndNoLxcReadyFollowsTheRelease() {
        String id = ScriptedShells.SLOW_DELETE;
        // as when a restarted service works on a redelivered NodeProvisioned while the cluster is deleted
        releaseWhileNode1IsWorkedOn(id, new NetworkReleased(id, Cause.DELETE, FailureReason.DELETED),
                new LxcReleased(id, Cause.DELETE, FailureReason.DELETED));
        assertThat(eventsSoFar(id)).as("no forward event once the delete reached this layer")
                .containsExactly(new LxcReleased(id, Cause.DELETE, FailureReason.DELETED));
    }

    /**
     * Starts node 1's work (its host script is slow), sends {@code trigger} while it runs, and
     * requires that the one release is {@code expected} and came after node 1's work ended.
     */
    private void releaseWhileNode1IsWorkedOn(String id, KubelodeEvent trigger, LxcReleased expected) {
        publish(request(id));
        publish(provisioned(id, 1));
        awaitStep(id + "/1/host");
        publish(trigger);
        assertThat(awaitEvents(id, e -> e instanceof LxcReleased, 1)).containsExactly(expected);
        List<String> ran = shells.ran().stream().filter(step -> step.startsWith(id + "/")).toList();
        assertThat(ran).as("node 1's host step ended before the release, and made no container")
                .containsExactly(id + "/1/host", id + "/1/release");
    }

    private void awaitStep(String step) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!shells.ran().contains(step) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(shells.ran()).as("the step %s started", step).contains(step);
    }

    private static void announce(String id) {
        publish(request(id));
        for (int n = 1; n <= 3; n++) {
            publish(provisioned(id, n));
        }
    }

    private static ClusterRequested request(String id) {
        return new ClusterRequested(id, new ClusterSpec(id, "eu-central", null, null, 3, "example.org", null,
                List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtest"), null, null, null));
    }

    private static NodeProvisioned provisioned(String id, int n) {
        return new NodeProvisioned(id, n, id + "-" + n, 1000L + n, "eu-central", "203.0.113." + n,
                "192.168.139." + n, 22, "SHA256:test");
    }

    private static void publish(KubelodeEvent event) {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedBroker.get().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(CloudEventCodec.toRecord(CloudEvent.of("/test", event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to 120 s) until the lxc topic holds {@code count} matching events of the cluster. */
    private static List<KubelodeEvent> awaitEvents(String id, Predicate<KubelodeEvent> match, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (KafkaConsumer<String, String> consumer = fromTheStart()) {
            List<KubelodeEvent> events = new ArrayList<>();
            while (events.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    KubelodeEvent e = CloudEventCodec.fromRecord(r).data();
                    if (id.equals(r.key()) && match.test(e)) {
                        events.add(e);
                    }
                }
            }
            assertThat(events).as("events of %s on %s", id, Topics.LXC).hasSizeGreaterThanOrEqualTo(count);
            return events.subList(0, count);
        }
    }

    /** Every event of the cluster on the lxc topic up to its current end. */
    private static List<KubelodeEvent> eventsSoFar(String id) {
        try (KafkaConsumer<String, String> consumer = fromTheStart()) {
            List<TopicPartition> partitions = List.copyOf(consumer.assignment());
            java.util.Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<KubelodeEvent> events = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(r.key())) {
                        events.add(CloudEventCodec.fromRecord(r).data());
                    }
                }
            }
            return events;
        }
    }

    /** A consumer of every partition of the lxc topic, at the beginning. */
    private static KafkaConsumer<String, String> fromTheStart() {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedBroker.get().bootstrapServers());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.LXC, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(Topics.LXC, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
