package io.kubelode.k8s.flow;

import static io.kubelode.k8s.flow.LowerLayers.routes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterJoinFailed;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.Topics;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.k8s.pki.SecretStore;
import io.kubelode.k8s.plan.Fixtures;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.testkit.bus.ConsumerGroups;
import io.kubelode.testkit.bus.TopicEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SAGA.md: with {@code keepOnFailure: true} the failing layer stops after its {@code …Failed} event
 * and nothing is rolled back. Two clusters whose node 3 control plane fails to join, one with and
 * one without keepOnFailure: only the latter's containers are reset (its joined nodes 1 and 2
 * leave, its PKI goes) and answered with ClusterReset(ROLLBACK); the kept one stays as it was until
 * AppsDeleted from above. The production flow with the recording host double ({@link RecordingHosts})
 * and a real broker, as in {@link K8sFlowIT}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class K8sKeepOnFailureIT {

    @Inject
    SecretStore store;

    @Test
    void aJoinFailureWithKeepOnFailureResetsNothingAndPublishesNoRollback() {
        String suffix = UUID.randomUUID().toString().substring(0, 5);
        String kept = "keep-" + suffix;
        String rolled = "roll-" + suffix;
        RecordingHosts.get().failWhen(c -> c.script().equals("join.sh")
                && (c.container().equals(kept + "-3-master") || c.container().equals(rolled + "-3-master")));
        AddressPlan plan = lowerLayers(kept, true);
        lowerLayers(rolled, false);
        publish(new NetworkRouted(kept, plan, routes(3)));
        publish(new NetworkRouted(rolled, plan, routes(3)));

        // without keepOnFailure: ClusterJoinFailed, every container reset, ClusterReset(ROLLBACK)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> of(rolled).size() >= 2);
        awaitRecordsAnswered();
        assertThat(of(rolled)).hasSize(2);
        assertThat(of(rolled).get(0)).isInstanceOfSatisfying(ClusterJoinFailed.class,
                f -> assertThat(f.reason()).isEqualTo(FailureReason.CONTROL_PLANE_JOIN_FAILED));
        assertThat(of(rolled).get(1))
                .isEqualTo(new ClusterReset(rolled, Cause.ROLLBACK, FailureReason.CONTROL_PLANE_JOIN_FAILED));
        assertThat(resets(rolled)).hasSize(6);
        assertThat(RecordingHosts.get().joined(rolled + "-1-master")).isFalse();
        assertThat(store.load(rolled)).isEmpty();

        // with keepOnFailure: ClusterJoinFailed only (every NetworkRouted acknowledged, so its run has ended)
        assertThat(of(kept)).hasSize(1);
        assertThat(of(kept).get(0)).isInstanceOfSatisfying(ClusterJoinFailed.class,
                f -> assertThat(f.reason()).isEqualTo(FailureReason.CONTROL_PLANE_JOIN_FAILED));
        assertThat(resets(kept)).as("no container of the kept cluster reset").isEmpty();
        // the control planes of nodes 1 and 2 had joined before node 3's failed (workers join after them)
        for (String joined : List.of("-1-master", "-2-master")) {
            assertThat(RecordingHosts.get().joined(kept + joined)).as(kept + joined + " stays joined").isTrue();
        }
        assertThat(RecordingHosts.get().client().nodes().withName(kept + "-1-master").get()).isNotNull();
        assertThat(store.load(kept)).as("the kept cluster's PKI stays").isPresent();

        // AppsDeleted from above (a delete) still resets it (after the cluster's earlier run: one run at a time)
        publish(new AppsDeleted(kept, Cause.DELETE, FailureReason.DELETED));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> of(kept).size() >= 2);
        assertThat(of(kept)).hasSize(2);
        assertThat(of(kept).get(1)).isEqualTo(new ClusterReset(kept, Cause.DELETE, FailureReason.DELETED));
        assertThat(RecordingHosts.get().joined(kept + "-1-master")).isFalse();
        assertThat(RecordingHosts.get().joined(kept + "-2-master")).isFalse();
        assertThat(store.load(kept)).isEmpty();
    }

    /** What the gateway, provisioner and lxc layers would have published before NetworkRouted. */
    private static AddressPlan lowerLayers(String id, boolean keepOnFailure) {
        ClusterSpec s = Fixtures.spec(Fixtures.VERSION, 3);
        return LowerLayers.publish(id, new ClusterSpec(s.name(), s.region(), s.nodeType(), s.image(), s.nodes(),
                s.domain(), s.apps(), s.sshKeys(), s.homePeer(), s.kubernetesVersion(), keepOnFailure),
                K8sKeepOnFailureIT::publish);
    }

    private static List<RecordingHosts.Call> resets(String id) {
        return RecordingHosts.get().calls().stream()
                .filter(c -> c.container().startsWith(id + "-") && c.script().equals("reset.sh")).toList();
    }

    /** The cluster's events on the k8s topic up to its end now. */
    private static List<KubelodeEvent> of(String id) {
        return TopicEvents.upToNow(SharedBroker.get().bootstrapServers(), Topics.K8S, id);
    }

    private static void publish(KubelodeEvent event) {
        TopicEvents.publish(SharedBroker.get().bootstrapServers(), event);
    }

    /**
     * Waits until the service has acknowledged every NetworkRouted and AppsDeleted on the topics. A
     * record is acknowledged only after its cluster's run, a rollback included, has ended and the
     * events it caused are on the broker.
     */
    private static void awaitRecordsAnswered() {
        ConsumerGroups.awaitCommittedToEnd(SharedBroker.get().bootstrapServers(), "kubelode-k8s", Topics.NETWORK,
                Topics.APPS);
    }
}
