package io.kubelode.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NetworkFailed;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.Topics;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.network.netns.NamespaceLab;
import io.kubelode.network.netns.Netns;
import io.kubelode.network.plan.Fixtures;
import io.kubelode.network.plan.MeshKey;
import io.kubelode.network.view.ClusterState;
import io.kubelode.network.view.ClusterViews;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.kubelode.testkit.bus.ConsumerGroups;
import io.kubelode.testkit.bus.TopicEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service on a real broker, its nodes being namespace labs: LxcReady of the last node routes
 * the cluster; ClusterReset removes it; a failing node rolls the whole cluster back.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class NetworkServiceIT {
    static final String OK = "svc-ok-" + UUID.randomUUID().toString().substring(0, 6);
    static final String BAD = "svc-bad-" + UUID.randomUUID().toString().substring(0, 6);
    static final ClusterSpec SPEC = spec();
    static final List<NamespaceLab> labs = new ArrayList<>();

    static ClusterSpec spec() {
        ClusterSpec e = Fixtures.homelab();
        return new ClusterSpec(e.name(), e.region(), e.nodeType(), e.image(), 3, e.domain(), e.apps(), e.sshKeys(),
                new HomePeer(NamespaceLab.HOME_PUBLIC + ":51820", MeshKey.generate().publicKey(), "192.168.1.0/24",
                        873), e.kubernetesVersion(), false);
    }

    @BeforeAll
    static void labs() {
        for (String cluster : List.of(OK, BAD)) {
            NamespaceLab lab = new NamespaceLab(AddressPlan.of(SPEC));
            labs.add(lab);
            LabShells.LABS.put(cluster, lab);
        }
        // node 2 of the broken cluster has no container bridge: its pod routes cannot be made
        NamespaceLab bad = LabShells.LABS.get(BAD);
        Netns.must(bad.instance(2), "ip link del klbr0");
    }

    @AfterAll
    static void closeLabs() {
        labs.forEach(NamespaceLab::close);
        LabShells.LABS.clear();
    }

    @Test
    void routesWhenTheLastNodeIsReadyAndRemovesEverythingOnReset() throws Exception {
        NamespaceLab lab = LabShells.LABS.get(OK);
        Map<Integer, String> before = snapshots(lab);
        List<KubelodeEvent> seen = follow(OK);
        publish(Topics.GATEWAY, new ClusterRequested(OK, SPEC));
        for (int n = 1; n <= 3; n++) {
            publish(Topics.PROVISIONER, provisioned(OK, n));
        }
        publish(Topics.LXC, ready(OK, 1));
        publish(Topics.LXC, ready(OK, 2));
        long start = System.nanoTime();
        publish(Topics.LXC, ready(OK, 3));
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.stream().anyMatch(NetworkRouted.class::isInstance));
        System.err.printf("kubelode: LxcReady of the last node to NetworkRouted on the broker: %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        NetworkRouted routed = (NetworkRouted) seen.get(0);
        assertThat(routed.plan()).isEqualTo(AddressPlan.of(SPEC));
        assertThat(routed.nodes()).extracting(NodeRoutes::node).containsExactly(1, 2, 3);
        assertThat(routed.nodes()).allMatch(NodeRoutes::changed);
        assertThat(routed.nodes()).allMatch(r -> MeshKey.isKey(r.meshPublicKey()));
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.ping(lab.pod(1, "m"), lab.podAddress(3, "w"), 2));

        publish(Topics.K8S, new ClusterReset(OK, Cause.DELETE, FailureReason.DELETED));
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.stream().anyMatch(NetworkReleased.class::isInstance));
        awaitTriggersConsumed();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isEqualTo(new NetworkReleased(OK, Cause.DELETE, FailureReason.DELETED));
        assertThat(snapshots(lab)).isEqualTo(before);

        // the memory of a restarted service: a fresh view folds the same history into the same state
        try (ClusterViews fresh = new ClusterViews(SharedBroker.get().bootstrapServers()).start()) {
            fresh.barrier().get();
            ClusterState state = fresh.state(OK);
            assertThat(state.ready()).isTrue();
            assertThat(state.provisionedNodes()).containsExactly(1, 2, 3);
            assertThat(state.routed()).isFalse();
        }
    }

    @Test
    void aNodeThatFailsRollsTheWholeClusterBack() throws Exception {
        NamespaceLab lab = LabShells.LABS.get(BAD);
        Map<Integer, String> before = snapshots(lab);
        List<KubelodeEvent> seen = follow(BAD);
        publish(Topics.GATEWAY, new ClusterRequested(BAD, SPEC));
        for (int n = 1; n <= 3; n++) {
            publish(Topics.PROVISIONER, provisioned(BAD, n));
            publish(Topics.LXC, ready(BAD, n));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.stream().anyMatch(NetworkReleased.class::isInstance));
        // every LxcReady was handled: the later ones must not start the failed cluster again
        awaitTriggersConsumed();
        assertThat(seen).as(seen.toString()).hasSize(2);
        NetworkFailed failed = (NetworkFailed) seen.get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.NETWORK_SCRIPT_FAILED);
        assertThat(failed.message()).startsWith("node 2: ");
        assertThat(seen.get(1))
                .isEqualTo(new NetworkReleased(BAD, Cause.ROLLBACK, FailureReason.NETWORK_SCRIPT_FAILED));
        assertThat(snapshots(lab)).isEqualTo(before);
    }

    /** Waits until the service's consumer group has committed every LxcReady and ClusterReset on the topics. */
    static void awaitTriggersConsumed() {
        ConsumerGroups.awaitCommittedToEnd(SharedBroker.get().bootstrapServers(), "kubelode-network", Topics.LXC,
                Topics.K8S);
    }

    static Map<Integer, String> snapshots(NamespaceLab lab) {
        return Map.of(1, lab.snapshot(lab.instance(1)), 2, lab.snapshot(lab.instance(2)), 3,
                lab.snapshot(lab.instance(3)));
    }

    static NodeProvisioned provisioned(String cluster, int n) {
        return new NodeProvisioned(cluster, n, cluster + "-" + n, 1000L + n, "us-east", NamespaceLab.publicIpv4(n),
                NamespaceLab.privateIpv4(n), 22, null);
    }

    static LxcReady ready(String cluster, int n) {
        var a = AddressPlan.of(SPEC).node(n);
        return new LxcReady(cluster, n, new Container(cluster + "-" + n + "-master", "master", a.masterAddress(),
                100000, 65536), new Container(cluster + "-" + n + "-worker", "worker", a.workerAddress(), 200000,
                65536), "disabled");
    }

    static void publish(String topic, KubelodeEvent event) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.get().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            var record = CloudEventCodec.toRecord(CloudEvent.of("/test", event));
            assertThat(record.topic()).isEqualTo(topic);
            p.send(record).get();
        }
    }

    /** Every network event of the cluster, as it arrives. */
    static List<KubelodeEvent> follow(String cluster) {
        return TopicEvents.follow(SharedBroker.get().bootstrapServers(), Topics.NETWORK, cluster);
    }
}
