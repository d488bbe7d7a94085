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
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.provisioner.sandbox.Sandbox;
import io.kubelode.provisioner.sandbox.SandboxResource;
import io.kubelode.support.CloudEvent;
import io.kubelode.nodeshell.ssh.Ed25519Key;
import io.kubelode.testkit.bus.ConsumerGroups;
import io.kubelode.testkit.bus.TopicEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * SAGA.md: with {@code keepOnFailure: true} the failing layer stops after its {@code …Failed} event
 * and nothing is rolled back. The provisioner never deletes on its own failure: the rollback of a
 * provisioning failure is the lxc layer's LxcReleased (which lxc-service sends only without
 * keepOnFailure, see LxcKeepOnFailureIT), and only that deletes the instances. Two clusters fail on
 * node 2 the same way; neither loses an instance nor gets NodesReleased by the provisioner itself;
 * the one without keepOnFailure is rolled back once the LxcReleased (played here) arrives, the kept
 * one keeps its instances until a delete reaches the provisioner. The sandbox and a real broker, as
 * in {@link ProvisioningIT}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(SandboxResource.class)
class ProvisionerKeepOnFailureIT {
    private static final String PERSON_KEY = Ed25519Key.generate().publicKeyLine("person@home");

    @Test
    void aProvisioningFailureWithKeepOnFailureDeletesNoInstanceAndPublishesNoRelease() throws Exception {
        Sandbox sandbox = SandboxResource.sandbox();
        String suffix = UUID.randomUUID().toString().substring(0, 5);
        String kept = "kept-" + suffix;
        String rolled = "rolled-" + suffix;
        sandbox.fault("{\"type\":\"fail-creates\",\"label_pattern\":\"" + kept + "-2|" + rolled
                + "-2\",\"status\":400,\"reason\":\"sandbox: no capacity in eu-central\"}");
        try (EventTail tail = new EventTail(Topics.PROVISIONER)) {
            tail.send(CloudEvent.of("/kubelode/test", new ClusterRequested(kept, spec(true))));
            tail.send(CloudEvent.of("/kubelode/test", new ClusterRequested(rolled, spec(false))));
            for (String id : List.of(kept, rolled)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !tail.of(id, NodeProvisionFailed.class).isEmpty());
                NodeProvisionFailed failed = tail.of(id, NodeProvisionFailed.class).get(0);
                assertThat(failed.node()).isEqualTo(2);
                assertThat(failed.reason()).isEqualTo(FailureReason.LINODE_CREATE_REJECTED);
            }
            // node 1 was created before node 2 was refused; once the provisioner has acknowledged both
            // requests (after every event of their runs is on the broker) nothing is deleted
            awaitRecordsAnswered();
            for (String id : List.of(kept, rolled)) {
                assertThat(upToNow(id, NodesReleased.class)).as("%s: no release by the failing layer", id).isEmpty();
                assertThat(instancesOf(sandbox, id)).as("%s: its instances stay", id).isNotEmpty();
                assertThat(upToNow(id, NodeProvisioned.class)).isEmpty();
            }

            // without keepOnFailure the lxc layer answers with LxcReleased(ROLLBACK): the instances go
            tail.send(CloudEvent.of("/kubelode/lxc",
                    new LxcReleased(rolled, Cause.ROLLBACK, FailureReason.LINODE_CREATE_REJECTED)));
            await().atMost(Duration.ofSeconds(60)).until(() -> !tail.of(rolled, NodesReleased.class).isEmpty());
            assertThat(tail.of(rolled, NodesReleased.class).get(0).cause()).isEqualTo(Cause.ROLLBACK);
            assertThat(instancesOf(sandbox, rolled)).isEmpty();

            // with keepOnFailure nothing answers: the kept cluster's instances stay for debugging
            assertThat(upToNow(kept, NodesReleased.class)).isEmpty();
            List<JsonNode> keptInstances = instancesOf(sandbox, kept);
            assertThat(keptInstances).extracting(i -> i.path("label").asText()).containsExactly(kept + "-1");

            // until a delete reaches the provisioner (LxcReleased DELETE at the end of the teardown chain)
            tail.send(CloudEvent.of("/kubelode/lxc", new LxcReleased(kept, Cause.DELETE, FailureReason.DELETED)));
            await().atMost(Duration.ofSeconds(60)).until(() -> !tail.of(kept, NodesReleased.class).isEmpty());
            assertThat(tail.of(kept, NodesReleased.class)).singleElement()
                    .isEqualTo(new NodesReleased(kept, List.of(keptInstances.get(0).path("id").asLong()), Cause.DELETE,
                            FailureReason.DELETED));
            assertThat(instancesOf(sandbox, kept)).isEmpty();
        } finally {
            sandbox.clearFaults();
        }
    }

    private static ClusterSpec spec(boolean keepOnFailure) {
        return new ClusterSpec("homelab", "eu-central", null, null, 3, "example.org", null, List.of(PERSON_KEY),
                null, null, keepOnFailure);
    }

    /** The sandbox's instances whose label belongs to the cluster. */
    private static List<JsonNode> instancesOf(Sandbox sandbox, String clusterId) {
        return StreamSupport.stream(sandbox.instances().spliterator(), false)
                .filter(i -> i.path("label").asText().startsWith(clusterId + "-")).toList();
    }

    /**
     * Waits until the provisioner has acknowledged every record on the topics it consumes: a request
     * is acknowledged only once its run has ended and every event it caused is on the broker.
     */
    private static void awaitRecordsAnswered() {
        ConsumerGroups.awaitCommittedToEnd(SharedBroker.get().bootstrapServers(), "kubelode-provisioner",
                Topics.GATEWAY, Topics.LXC);
    }

    /** The cluster's events of {@code type} on the provisioner topic, from its beginning up to its end now. */
    private static <T extends KubelodeEvent> List<T> upToNow(String id, Class<T> type) {
        return TopicEvents.upToNow(SharedBroker.get().bootstrapServers(), Topics.PROVISIONER, id).stream()
                .filter(type::isInstance).map(type::cast).toList();
    }
}
