package io.kubelode.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.provisioner.flow.BaseRoleStep;
import io.kubelode.provisioner.sandbox.Sandbox;
import io.kubelode.provisioner.sandbox.SandboxResource;
import io.kubelode.support.CloudEvent;
import io.kubelode.nodeshell.ssh.Ed25519Key;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provisioner as a Quarkus app on a real Kafka broker against the sandbox (its own process,
 * real HTTP, real SSH servers per instance).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(SandboxResource.class)
class ProvisioningIT {
    private static final String PERSON_KEY = Ed25519Key.generate().publicKeyLine("person@home");
    private static EventTail tail;

    @BeforeAll
    static void tail() {
        tail = new EventTail(Topics.PROVISIONER);
    }

    @AfterAll
    static void close() {
        tail.close();
    }

    @AfterEach
    void clearFaults() {
        sandbox().clearFaults();
    }

    private static Sandbox sandbox() {
        return SandboxResource.sandbox();
    }

    private static String newClusterId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 5);
    }

    private static ClusterSpec spec(int nodes) {
        return new ClusterSpec("homelab", "eu-central", null, null, nodes, "example.org", null, List.of(PERSON_KEY),
                null, null, null);
    }

    private static CloudEvent request(String clusterId, int nodes) {
        return CloudEvent.of("/kubelode/test", new ClusterRequested(clusterId, spec(nodes)));
    }

    /** The sandbox's instances whose label belongs to the cluster. */
    private static List<JsonNode> instancesOf(String clusterId) {
        return StreamSupport.stream(sandbox().instances().spliterator(), false)
                .filter(i -> i.path("label").asText().startsWith(clusterId + "-")).toList();
    }

    private static List<NodeProvisioned> awaitProvisioned(String clusterId, int count) {
        await().atMost(Duration.ofSeconds(90)).until(() -> tail.of(clusterId, NodeProvisioned.class).size() >= count);
        return tail.of(clusterId, NodeProvisioned.class);
    }

    @Test
    void threeNodeRequestYieldsThreeNodesWithDistinctAddressesAndTheBaseRoleApplied() throws Exception {
        String clusterId = newClusterId("three");
        Instant start = Instant.now();
        tail.send(request(clusterId, 3));
        List<NodeProvisioned> nodes = awaitProvisioned(clusterId, 3);
        Duration took = Duration.between(start, tail.arrivalOf(clusterId, NodeProvisioned.class, 3));
        record("request -> third NodeProvisioned over Kafka, sandbox default delays (2 s provisioning, 3 s boot): "
                + took.toMillis() + " ms");

        assertThat(nodes).extracting(NodeProvisioned::node).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(nodes.stream().map(NodeProvisioned::publicIpv4).collect(Collectors.toSet())).hasSize(3);
        assertThat(nodes.stream().map(NodeProvisioned::privateIpv4).collect(Collectors.toSet())).hasSize(3)
                .allSatisfy(ip -> assertThat(ip).startsWith("192.168."));
        String scriptSha = sha256(BaseRoleStep.SCRIPT);
        for (NodeProvisioned n : nodes) {
            assertThat(n.label()).isEqualTo(clusterId + "-" + n.node());
            assertThat(n.region()).isEqualTo("eu-central");
            assertThat(n.sshPort()).isEqualTo(sandbox().sshPort());
            assertThat(n.publicIpv4()).startsWith("127.80.");
            JsonNode instance = instancesOf(clusterId).stream()
                    .filter(i -> i.path("id").asLong() == n.linodeId()).findFirst().orElseThrow();
            assertThat(instance.path("hostKeyFingerprint").asText()).as("the host key kubelode generated and pinned")
                    .isEqualTo(n.hostKeyFingerprint());
            JsonNode baseRole = StreamSupport.stream(sandbox().commands(n.linodeId()).spliterator(), false)
                    .filter(c -> c.path("sha256").asText().equals(scriptSha)).findFirst().orElseThrow();
            assertThat(baseRole.path("command").asText()).isEqualTo("bash -s");
            assertThat(baseRole.path("exitStatus").asInt()).isZero();
            assertThat(baseRole.path("outcome").asText()).isEqualTo("changed");
        }
    }

    @Test
    void redeliveredOrRepeatedRequestCreatesNoSecondInstance() throws Exception {
        String clusterId = newClusterId("redeliver");
        CloudEvent first = request(clusterId, 3);
        tail.send(first);
        awaitProvisioned(clusterId, 3);
        long creates = sandbox().stats().path("createsAccepted").asLong();

        tail.send(first); // the same record again (same ce_id): acknowledged without work
        tail.send(request(clusterId, 3)); // the same request again under a new ce_id: adopts by label
        awaitProvisioned(clusterId, 6);

        assertThat(sandbox().stats().path("createsAccepted").asLong()).isEqualTo(creates);
        assertThat(instancesOf(clusterId)).hasSize(3);
        assertThat(tail.of(clusterId, NodeProvisioned.class).stream().map(NodeProvisioned::linodeId)
                .collect(Collectors.toSet())).hasSize(3);
    }

    @Test
    void aFailureOnNode2LeavesNoInstanceOfTheCluster() throws Exception {
        String clusterId = newClusterId("fail");
        String other = newClusterId("bystander");
        tail.send(request(other, 3));
        awaitProvisioned(other, 3);
        sandbox().fault("{\"type\":\"fail-creates\",\"label_pattern\":\"" + clusterId
                + "-2\",\"status\":400,\"reason\":\"sandbox: no capacity in eu-central\"}");

        tail.send(request(clusterId, 3));
        await().atMost(Duration.ofSeconds(90)).until(() -> !tail.of(clusterId, NodeProvisionFailed.class).isEmpty());
        NodeProvisionFailed failed = tail.of(clusterId, NodeProvisionFailed.class).get(0);
        assertThat(failed.node()).isEqualTo(2);
        assertThat(failed.reason()).isEqualTo(FailureReason.LINODE_CREATE_REJECTED);
        assertThat(failed.message()).contains("no capacity");
        // the lxc layer may still work on a node announced before the failure: the instances stay
        // until it has let go of them (LxcReleased, played here by the test)
        Thread.sleep(1000);
        assertThat(tail.of(clusterId, NodesReleased.class)).as("nothing deleted before the layer above let go").isEmpty();
        tail.send(CloudEvent.of("/kubelode/lxc", new LxcReleased(clusterId, Cause.ROLLBACK, failed.reason())));
        await().atMost(Duration.ofSeconds(60)).until(() -> !tail.of(clusterId, NodesReleased.class).isEmpty());

        NodesReleased released = tail.of(clusterId, NodesReleased.class).get(0);
        assertThat(released.cause()).isEqualTo(Cause.ROLLBACK);
        assertThat(released.reason()).isEqualTo(FailureReason.LINODE_CREATE_REJECTED);
        assertThat(instancesOf(clusterId)).as("every instance of the failed cluster is gone").isEmpty();
        assertThat(instancesOf(other)).as("another cluster's instances are untouched").hasSize(3);
    }

    private static CloudEvent request(String clusterId, ClusterSpec spec) {
        return CloudEvent.of("/kubelode/test", new ClusterRequested(clusterId, spec));
    }

    @Test
    void aRegionWithoutMetadataAnImageWithoutCloudInitAndNanodesAreRefusedBeforeAnyCreate() throws Exception {
        long creates = sandbox().stats().path("createsAccepted").asLong();
        ClusterSpec base = spec(3);
        String noMetadata = newClusterId("nometa");
        tail.send(request(noMetadata, new ClusterSpec("homelab", "us-southeast", null, null, 3, "example.org", null,
                List.of(PERSON_KEY), null, null, null)));
        String noCloudInit = newClusterId("alpine");
        tail.send(request(noCloudInit, new ClusterSpec("homelab", "eu-central", null, "linode/alpine3.19", 3,
                "example.org", null, List.of(PERSON_KEY), null, null, null)));
        String nanodes = newClusterId("nanodes");
        tail.send(request(nanodes, new ClusterSpec("homelab", "eu-central", "g6-nanode-1", null, 3, "example.org",
                null, List.of(PERSON_KEY), null, null, null)));
        for (String id : List.of(noMetadata, noCloudInit, nanodes)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !tail.of(id, NodeProvisionFailed.class).isEmpty());
        }
        NodeProvisionFailed region = tail.of(noMetadata, NodeProvisionFailed.class).get(0);
        assertThat(region.reason()).isEqualTo(FailureReason.LINODE_REFUSES_SPEC);
        assertThat(region.message()).contains("region us-southeast does not offer the 'Metadata' capability");
        NodeProvisionFailed image = tail.of(noCloudInit, NodeProvisionFailed.class).get(0);
        assertThat(image.reason()).isEqualTo(FailureReason.LINODE_REFUSES_SPEC);
        assertThat(image.message()).contains("image linode/alpine3.19 does not offer the 'cloud-init' capability");
        NodeProvisionFailed small = tail.of(nanodes, NodeProvisionFailed.class).get(0);
        assertThat(small.reason()).isEqualTo(FailureReason.DOES_NOT_FIT);
        assertThat(small.message()).contains("the smallest type that fits is g6-standard-2");
        assertThat(sandbox().stats().path("createsAccepted").asLong()).as("nothing was created").isEqualTo(creates);
        for (String id : List.of(noMetadata, noCloudInit, nanodes)) {
            assertThat(instancesOf(id)).isEmpty();
            assertThat(tail.of(id, NodeProvisioned.class)).isEmpty();
        }
        assertThat(base.overcommitMemory()).isFalse();
    }

    @Test
    void aFailedClusterDropsItsQueuedCreatesAtOnceAndDeletesOnlyWhatExists() throws Exception {
        // 9 nodes against 5 creates per 6 s: node 1 is refused at once
        String clusterId = newClusterId("drop");
        sandbox().fault("{\"type\":\"fail-creates\",\"label_pattern\":\"^" + clusterId
                + "-1$\",\"status\":400,\"reason\":\"sandbox: no capacity in eu-central\"}");
        long creates = sandbox().stats().path("createsAccepted").asLong();
        tail.send(request(clusterId, 9));
        await().atMost(Duration.ofSeconds(60)).until(() -> !tail.of(clusterId, NodeProvisionFailed.class).isEmpty());
        NodeProvisionFailed failed = tail.of(clusterId, NodeProvisionFailed.class).get(0);
        assertThat(failed.node()).isEqualTo(1);
        Instant failedAt = Instant.now();
        tail.send(CloudEvent.of("/kubelode/lxc", new LxcReleased(clusterId, Cause.ROLLBACK, failed.reason())));
        await().atMost(Duration.ofSeconds(60)).until(() -> !tail.of(clusterId, NodesReleased.class).isEmpty());
        Duration rollback = Duration.between(failedAt, Instant.now());
        long created = sandbox().stats().path("createsAccepted").asLong() - creates;
        record("9-node cluster refused on node 1 with 5 creates per 6 s: released " + rollback.toMillis()
                + " ms after the failure, " + created + " instance(s) created and deleted");
        // a cluster's creates go out in node order (CreateOrder): nothing after the refused node 1 is sent,
        // neither the creates queued for the next window (nodes 6..9) nor those that had a slot (2..5)
        assertThat(created).as("nothing was created after node 1 was refused").isZero();
        assertThat(rollback).as("no queued create waited for its slot").isLessThan(Duration.ofSeconds(5));
        assertThat(tail.of(clusterId, NodesReleased.class).get(0).deletedLinodeIds()).hasSize((int) created);
        assertThat(instancesOf(clusterId)).isEmpty();
        assertThat(tail.of(clusterId, NodeProvisioned.class)).isEmpty();
    }

    @Test
    void a429StormAnd5xxFaultsEndInSuccessWithoutBreakingTheRateLimit() throws Exception {
        String clusterId = newClusterId("storm");
        sandbox().fault("{\"type\":\"server-errors\",\"count\":4,\"status\":503,\"path_pattern\":\"^/linode/instances\"}");
        sandbox().fault("{\"type\":\"rate-limit\",\"count\":6,\"retry_after\":1}");
        tail.send(request(clusterId, 3));
        List<NodeProvisioned> nodes = awaitProvisioned(clusterId, 3);

        assertThat(nodes).extracting(NodeProvisioned::node).containsExactlyInAnyOrder(1, 2, 3);
        JsonNode stats = sandbox().stats();
        assertThat(stats.path("requestsByStatus").path("503").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(stats.path("requestsByStatus").path("429").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(stats.path("rateLimited").asInt()).as("429s of the sandbox's real limiter, in this whole class")
                .isZero();
        assertThat(instancesOf(clusterId)).hasSize(3);
    }

    @Test
    void lxcReleasedDeletesTheClustersInstances() throws Exception {
        String clusterId = newClusterId("teardown");
        tail.send(request(clusterId, 3));
        List<NodeProvisioned> nodes = awaitProvisioned(clusterId, 3);

        tail.send(CloudEvent.of("/kubelode/lxc", new LxcReleased(clusterId, Cause.DELETE, FailureReason.DELETED)));
        await().atMost(Duration.ofSeconds(60)).until(() -> !tail.of(clusterId, NodesReleased.class).isEmpty());

        NodesReleased released = tail.of(clusterId, NodesReleased.class).get(0);
        assertThat(released.cause()).isEqualTo(Cause.DELETE);
        assertThat(released.reason()).isEqualTo(FailureReason.DELETED);
        assertThat(Set.copyOf(released.deletedLinodeIds()))
                .isEqualTo(nodes.stream().map(NodeProvisioned::linodeId).collect(Collectors.toSet()));
        assertThat(instancesOf(clusterId)).isEmpty();
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static void record(String line) throws Exception {
        Path file = Path.of("target", "provisioning-times.txt");
        Files.writeString(file, Instant.now() + " " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
