package io.kubelode.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubelode.apps.kube.Fabric8ClusterApi;
import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.AppsEvent.AppsFailed;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.testkit.bus.ConsumerGroups;
import io.kubelode.testkit.bus.TopicEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SAGA.md: with {@code keepOnFailure: true} the failing layer stops after its {@code …Failed} event
 * and nothing is rolled back. Two clusters whose gitea never becomes ready, one with and one
 * without keepOnFailure, each on a CRUD mock API server of its own: only the latter's objects are
 * torn down and answered with AppsDeleted(ROLLBACK); the kept one's stay until DnsRecordsDeleted
 * from above. A real broker, the real Fabric8 client, the test playing the controllers, as in
 * {@link AppsFlowIT}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MockClustersResource.class)
class AppsKeepOnFailureIT {
    private static final List<String> PUBLIC_IPS = List.of("203.0.113.21", "203.0.113.22", "203.0.113.23");

    @Test
    void anAppsFailureWithKeepOnFailureDeletesNothingAndPublishesNoRollback() {
        String suffix = UUID.randomUUID().toString().substring(0, 5);
        String kept = "keep-" + suffix;
        String rolled = "roll-" + suffix;
        ScheduledExecutorService controllers = Executors.newSingleThreadScheduledExecutor();
        List<KubernetesMockServer> servers = new ArrayList<>();
        try {
            Map<String, KubernetesClient> clients = new HashMap<>();
            for (String id : List.of(kept, rolled)) {
                KubernetesMockServer server = MockApi.start();
                servers.add(server);
                MockClustersResource.store().save(id, MockApi.kubeconfig(server, id));
                KubernetesClient client = server.createClient();
                clients.put(id, client);
                // every workload becomes ready but gitea's StatefulSet
                controllers.scheduleWithFixedDelay(() -> MockApi.markReady(client, id,
                        w -> w instanceof StatefulSet && w.getMetadata().getName().equals("gitea")), 200, 200,
                        TimeUnit.MILLISECONDS);
            }
            announce(kept, true);
            announce(rolled, false);

            // without keepOnFailure: AppsFailed, every object torn down, AppsDeleted(ROLLBACK)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> of(rolled).size() >= 2);
            awaitRecordsAnswered();
            assertThat(of(rolled)).hasSize(2);
            assertThat(of(rolled).get(0)).isInstanceOfSatisfying(AppsFailed.class,
                    f -> assertThat(f.reason()).isEqualTo(FailureReason.APPS_NOT_READY));
            assertThat(of(rolled).get(1))
                    .isEqualTo(new AppsDeleted(rolled, Cause.ROLLBACK, FailureReason.APPS_NOT_READY));
            assertThat(new Fabric8ClusterApi(clients.get(rolled)).listOwned(rolled)).isEmpty();

            // with keepOnFailure: AppsFailed only (every ClusterJoined was acknowledged above, so its deploy has ended)
            assertThat(of(kept)).hasSize(1);
            assertThat(of(kept).get(0)).isInstanceOfSatisfying(AppsFailed.class,
                    f -> assertThat(f.reason()).isEqualTo(FailureReason.APPS_NOT_READY));
            assertThat(new Fabric8ClusterApi(clients.get(kept)).listOwned(kept)).as("the kept cluster's objects stay")
                    .isNotEmpty().anyMatch(o -> o instanceof StatefulSet && o.getMetadata().getName().equals("gitea"));

            // DnsRecordsDeleted from above (a delete) still tears it down
            publish(new DnsRecordsDeleted(kept, Cause.DELETE, FailureReason.DELETED));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> of(kept).size() >= 2);
            assertThat(of(kept)).hasSize(2);
            assertThat(of(kept).get(1)).isEqualTo(new AppsDeleted(kept, Cause.DELETE, FailureReason.DELETED));
            assertThat(new Fabric8ClusterApi(clients.get(kept)).listOwned(kept)).isEmpty();
            clients.values().forEach(KubernetesClient::close);
        } finally {
            controllers.shutdownNow();
            servers.forEach(KubernetesMockServer::destroy);
        }
    }

    /** What the layers below publish before the apps layer acts: the spec, the nodes, the joined cluster. */
    private static void announce(String id, boolean keepOnFailure) {
        ClusterSpec s = Homelab.spec();
        publish(new ClusterRequested(id, new ClusterSpec(s.name(), s.region(), s.nodeType(), s.image(), s.nodes(),
                s.domain(), s.apps(), s.sshKeys(), s.homePeer(), s.kubernetesVersion(), keepOnFailure,
                s.overcommitMemory())));
        for (int n = 1; n <= 3; n++) {
            publish(new NodeProvisioned(id, n, id + "-" + n, 1000L + n, "us-east", PUBLIC_IPS.get(n - 1),
                    "192.168.139." + n, 22, "SHA256:test"));
        }
        List<K8sNode> nodes = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            nodes.add(new K8sNode("node-" + n + "-master", n, "control-plane", true));
            nodes.add(new K8sNode("node-" + n + "-worker", n, "worker", true));
        }
        publish(new ClusterJoined(id, "https://10.100.1.2:6443", "1.31.4", nodes, 3));
    }

    /** The cluster's events on the apps topic up to its end now. */
    private static List<KubelodeEvent> of(String id) {
        return TopicEvents.upToNow(SharedBroker.get().bootstrapServers(), Topics.APPS, id);
    }

    private static void publish(KubelodeEvent event) {
        TopicEvents.publish(SharedBroker.get().bootstrapServers(), event);
    }

    /**
     * Waits until the service has acknowledged every ClusterJoined and DnsRecordsDeleted on the topics.
     * A record is acknowledged only after the work it caused, a rollback included, has ended and its
     * events are on the broker.
     */
    private static void awaitRecordsAnswered() {
        ConsumerGroups.awaitCommittedToEnd(SharedBroker.get().bootstrapServers(), "kubelode-apps", Topics.K8S,
                Topics.DNS);
    }
}
