package io.kubelode.network;

import static io.kubelode.network.NetworkServiceIT.SPEC;
import static io.kubelode.network.NetworkServiceIT.awaitTriggersConsumed;
import static io.kubelode.network.NetworkServiceIT.provisioned;
import static io.kubelode.network.NetworkServiceIT.publish;
import static io.kubelode.network.NetworkServiceIT.ready;
import static io.kubelode.network.NetworkServiceIT.snapshots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.NetworkEvent.NetworkFailed;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.Topics;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.network.netns.NamespaceLab;
import io.kubelode.network.netns.Netns;
import io.kubelode.testkit.bus.TopicEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SAGA.md: with {@code keepOnFailure: true} the failing layer stops after its {@code …Failed} event
 * and nothing is rolled back. Two clusters whose node 2 cannot be routed (no container bridge), one
 * with and one without keepOnFailure: only the latter's network is removed from every node and
 * answered with NetworkReleased(ROLLBACK); the kept one's nodes 1 and 3 keep their network until a
 * ClusterReset from above. Namespace labs and a real broker, as in {@link NetworkServiceIT}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class NetworkKeepOnFailureIT {

    @Test
    void aNetworkFailureWithKeepOnFailureRemovesNothingAndPublishesNoRollback() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String kept = "keep-" + suffix;
        String rolled = "roll-" + suffix;
        ClusterSpec keeping = new ClusterSpec(SPEC.name(), SPEC.region(), SPEC.nodeType(), SPEC.image(), SPEC.nodes(),
                SPEC.domain(), SPEC.apps(), SPEC.sshKeys(), SPEC.homePeer(), SPEC.kubernetesVersion(), true);
        NamespaceLab keptLab = new NamespaceLab(AddressPlan.of(SPEC));
        NamespaceLab rolledLab = new NamespaceLab(AddressPlan.of(SPEC));
        try {
            for (NamespaceLab lab : List.of(keptLab, rolledLab)) {
                Netns.must(lab.instance(2), "ip link del klbr0"); // node 2's pod routes cannot be made
            }
            LabShells.LABS.put(kept, keptLab);
            LabShells.LABS.put(rolled, rolledLab);
            Map<Integer, String> keptBefore = snapshots(keptLab);
            Map<Integer, String> rolledBefore = snapshots(rolledLab);
            publish(Topics.GATEWAY, new ClusterRequested(kept, keeping));
            publish(Topics.GATEWAY, new ClusterRequested(rolled, SPEC));
            for (int n = 1; n <= 3; n++) {
                publish(Topics.PROVISIONER, provisioned(kept, n));
                publish(Topics.PROVISIONER, provisioned(rolled, n));
            }
            for (int n = 1; n <= 3; n++) {
                publish(Topics.LXC, ready(kept, n));
                publish(Topics.LXC, ready(rolled, n));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !of(kept).isEmpty() && of(rolled).size() >= 2);
            // every LxcReady acknowledged: the routing, and a rollback it started, has ended
            awaitTriggersConsumed();
            List<KubelodeEvent> rolledSeen = of(rolled);
            List<KubelodeEvent> keptSeen = of(kept);

            // without keepOnFailure: NetworkFailed, the network removed from every node, NetworkReleased(ROLLBACK)
            assertThat(rolledSeen).as(rolledSeen.toString()).hasSize(2);
            assertThat(rolledSeen.get(0)).isInstanceOf(NetworkFailed.class);
            assertThat(rolledSeen.get(1))
                    .isEqualTo(new NetworkReleased(rolled, Cause.ROLLBACK, FailureReason.NETWORK_SCRIPT_FAILED));
            assertThat(snapshots(rolledLab)).isEqualTo(rolledBefore);

            // with keepOnFailure: NetworkFailed only; nodes 1 and 3 keep the network they were given
            assertThat(keptSeen).as(keptSeen.toString()).hasSize(1);
            assertThat(keptSeen.get(0)).isInstanceOfSatisfying(NetworkFailed.class, f -> {
                assertThat(f.reason()).isEqualTo(FailureReason.NETWORK_SCRIPT_FAILED);
                assertThat(f.message()).startsWith("node 2: ");
            });
            Map<Integer, String> keptAfter = snapshots(keptLab);
            assertThat(keptAfter.get(1)).as("node 1 keeps its network").isNotEqualTo(keptBefore.get(1));
            assertThat(keptAfter.get(3)).as("node 3 keeps its network").isNotEqualTo(keptBefore.get(3));

            // a reset from above (a delete) still removes it
            publish(Topics.K8S, new ClusterReset(kept, Cause.DELETE, FailureReason.DELETED));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> of(kept).size() >= 2);
            assertThat(of(kept)).hasSize(2);
            assertThat(of(kept).get(1)).isEqualTo(new NetworkReleased(kept, Cause.DELETE, FailureReason.DELETED));
            assertThat(snapshots(keptLab)).isEqualTo(keptBefore);
        } finally {
            LabShells.LABS.remove(kept);
            LabShells.LABS.remove(rolled);
            keptLab.close();
            rolledLab.close();
        }
    }

    /** The cluster's events on the network topic, from its beginning up to its end now. */
    private static List<KubelodeEvent> of(String id) {
        return TopicEvents.upToNow(SharedBroker.get().bootstrapServers(), Topics.NETWORK, id);
    }
}
