package io.kubelode.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.KubelodeEvent;
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
import io.kubelode.testkit.bus.ConsumerGroups;
import io.kubelode.testkit.bus.TopicEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SAGA.md: with {@code keepOnFailure: true} the failing layer stops after its {@code …Failed} event
 * and nothing is rolled back. Each test runs two clusters that fail the same way, one with and one
 * without keepOnFailure: only the latter's containers are released and answered with
 * LxcReleased(ROLLBACK). Covers the layer's own failure (LxcFailed) and the provisioner's
 * (NodeProvisionFailed), whose rollback this layer starts. A release from above (a delete) still
 * removes the kept cluster. Scripted hosts ({@link ScriptedShells}) and a real broker, as in
 * {@link LxcFlowIT}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class LxcKeepOnFailureIT {

    @Inject
    ScriptedShells shells;

    @Test
    void anLxcFailureWithKeepOnFailureReleasesNoContainerAndPublishesNoRollback() {
        // nodes 2 and 3 of both fail their containers step (ScriptedShells.FAILING)
        String kept = ScriptedShells.FAILING + "-kept";
        String rolled = ScriptedShells.FAILING + "-rolled";
        for (String id : List.of(kept, rolled)) {
            publish(new ClusterRequested(id, spec(id, id.equals(kept))));
            for (int n = 1; n <= 3; n++) {
                publish(provisioned(id, n));
            }
        }
        // without keepOnFailure: LxcFailed, then every container released and LxcReleased(ROLLBACK)
        awaitEvent(rolled, LxcReleased.class);
        assertThat(of(rolled)).filteredOn(LxcReleased.class::isInstance)
                .containsExactly(new LxcReleased(rolled, Cause.ROLLBACK, FailureReason.LXD_CONTAINERS_FAILED));
        // (node 3 as well when its NodeProvisioned was read before the rollback: its work is skipped otherwise)
        assertThat(releases(rolled)).contains(rolled + "/1/release", rolled + "/2/release");

        // with keepOnFailure: LxcFailed, nothing released, once the layer has answered every record
        awaitEvent(kept, LxcFailed.class);
        awaitRecordsAnswered();
        assertThat(of(kept)).filteredOn(LxcFailed.class::isInstance).extracting(e -> ((LxcFailed) e).node())
                .contains(2);
        assertThat(of(kept)).noneMatch(LxcReleased.class::isInstance);
        assertThat(releases(kept)).as("no container of the kept cluster removed").isEmpty();

        assertReleasedOnDelete(kept, 3);
    }

    @Test
    void aProvisioningFailureWithKeepOnFailureReleasesNoContainerAndPublishesNoRollback() {
        String kept = "flow-pfail-kept";
        String rolled = "flow-pfail-rolled";
        for (String id : List.of(kept, rolled)) {
            publish(new ClusterRequested(id, spec(id, id.equals(kept))));
            publish(provisioned(id, 1));
        }
        awaitEvent(kept, LxcReady.class);
        awaitEvent(rolled, LxcReady.class);
        for (String id : List.of(kept, rolled)) {
            publish(new NodeProvisionFailed(id, 2, FailureReason.LINODE_CREATE_REJECTED, "no capacity"));
        }
        // without keepOnFailure this layer starts the rollback: node 1's containers go, LxcReleased(ROLLBACK)
        awaitEvent(rolled, LxcReleased.class);
        assertThat(of(rolled)).filteredOn(LxcReleased.class::isInstance)
                .containsExactly(new LxcReleased(rolled, Cause.ROLLBACK, FailureReason.LINODE_CREATE_REJECTED));
        assertThat(releases(rolled)).containsExactly(rolled + "/1/release");

        // with keepOnFailure it starts nothing (so the provisioner deletes no instance either)
        awaitRecordsAnswered();
        assertThat(of(kept)).noneMatch(LxcReleased.class::isInstance);
        assertThat(releases(kept)).as("no container of the kept cluster removed").isEmpty();

        assertReleasedOnDelete(kept, 1);
    }

    /**
     * A delete from above still releases the kept cluster: one LxcReleased, the DELETE one (the release
     * waits for the cluster's node work in flight, so a rollback it started would have come first).
     */
    private void assertReleasedOnDelete(String kept, int nodes) {
        publish(new NetworkReleased(kept, Cause.DELETE, FailureReason.DELETED));
        awaitEvent(kept, LxcReleased.class);
        assertThat(of(kept)).filteredOn(LxcReleased.class::isInstance)
                .containsExactly(new LxcReleased(kept, Cause.DELETE, FailureReason.DELETED));
        assertThat(releases(kept)).hasSize(nodes);
    }

    private List<String> releases(String id) {
        return shells.ran().stream().filter(s -> s.startsWith(id + "/") && s.endsWith("/release")).toList();
    }

    private static ClusterSpec spec(String id, boolean keepOnFailure) {
        return new ClusterSpec(id, "eu-central", null, null, 3, "example.org", null,
                List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtest"), null, null, keepOnFailure);
    }

    private static NodeProvisioned provisioned(String id, int n) {
        return new NodeProvisioned(id, n, id + "-" + n, 1000L + n, "eu-central", "203.0.113." + n,
                "192.168.139." + n, 22, "SHA256:test");
    }

    private static void publish(KubelodeEvent event) {
        TopicEvents.publish(SharedBroker.get().bootstrapServers(), event);
    }

    /** The cluster's events on the lxc topic up to its end now. */
    private static List<KubelodeEvent> of(String id) {
        return TopicEvents.upToNow(SharedBroker.get().bootstrapServers(), Topics.LXC, id);
    }

    private static void awaitEvent(String id, Class<? extends KubelodeEvent> type) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> of(id).stream().anyMatch(type::isInstance));
    }

    /**
     * Waits until the service has acknowledged every record on the topics it works from. A record is
     * acknowledged only once the work it caused, a rollback included, has ended and its events are on
     * the broker; so after this, a rollback that was started is visible.
     */
    private static void awaitRecordsAnswered() {
        ConsumerGroups.awaitCommittedToEnd(SharedBroker.get().bootstrapServers(), "kubelode-lxc", Topics.PROVISIONER,
                Topics.NETWORK);
    }
}
