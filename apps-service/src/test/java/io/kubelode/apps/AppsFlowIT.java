package io.kubelode.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubelode.apps.kube.Fabric8ClusterApi;
import io.kubelode.apps.plan.Labels;
import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.AppsFailed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.App;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service as deployed: a real broker, the real Fabric8 client, and one CRUD mock API server per
 * cluster. The mock server runs no controllers, so the test plays them: it writes every workload's
 * status as "all replicas ready" (except the one a fault keeps stuck). Readiness is therefore
 * simulated here; the waiting, timing out and rolling back are the service's own.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MockClustersResource.class)
class AppsFlowIT {
    private static final List<String> PUBLIC_IPS = List.of("203.0.113.11", "203.0.113.12", "203.0.113.13");
    private final ScheduledExecutorService controllers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopControllers() {
        controllers.shutdownNow();
    }

    @Test
    void clusterJoinedDeploysEveryAppWithItsUrlARedeliveryChangesNothingAndDnsRecordsDeletedTearsDown() {
        String id = MockClustersResource.DEPLOYED;
        KubernetesClient client = MockClustersResource.server(id).createClient();
        playControllers(client, id, w -> false);
        announce(id);

        AppsDeployed deployed = (AppsDeployed) awaitEvents(id, 1).get(0).data();
        assertThat(deployed.nodeAddresses()).containsExactlyElementsOf(PUBLIC_IPS);
        assertThat(deployed.apps()).extracting(DeployedApp::app).containsExactly(App.values());
        assertThat(deployed.apps()).extracting(DeployedApp::url).containsExactly("http://www.dyll.in/",
                "http://blog.dyll.in/", "http://jupyter.dyll.in/", "http://kubeflow.dyll.in/",
                "http://cloud.dyll.in/", "http://git.dyll.in/");
        assertThat(deployed.apps()).allMatch(DeployedApp::ready);

        Map<String, String> versions = resourceVersions(client, id);
        publish(new ClusterJoined(id, "https://10.100.1.2:6443", "1.31.4", nodes(), 3));
        List<CloudEvent> events = awaitEvents(id, 2);
        assertThat(events.get(1).data()).isInstanceOf(AppsDeployed.class);
        assertThat(resourceVersions(client, id)).as("a redelivered ClusterJoined changes no object")
                .isEqualTo(versions);

        List<String> secretValues = client.secrets().inAnyNamespace().withLabels(Labels.owned(id)).list()
                .getItems().stream().flatMap(s -> values(s).stream()).filter(v -> v.length() >= 16).toList();
        assertThat(secretValues).hasSizeGreaterThan(5);
        String onTheBus = readAll(id, 2).stream().map(r -> r.value()).collect(Collectors.joining("\n"));
        assertThat(secretValues).noneMatch(onTheBus::contains);

        publish(new DnsRecordsDeleted(id, Cause.DELETE, FailureReason.DELETED));
        assertThat(awaitEvents(id, 3).get(2).data())
                .isEqualTo(new AppsDeleted(id, Cause.DELETE, FailureReason.DELETED));
        assertThat(new Fabric8ClusterApi(client).listOwned(id)).isEmpty();
    }

    @Test
    void anAppThatNeverBecomesReadyFailsAndIsRolledBackLeavingNothing() {
        String id = MockClustersResource.STUCK;
        KubernetesClient client = MockClustersResource.server(id).createClient();
        playControllers(client, id, w -> w instanceof StatefulSet && w.getMetadata().getName().equals("gitea"));
        announce(id);

        List<CloudEvent> events = awaitEvents(id, 2);
        AppsFailed failed = (AppsFailed) events.get(0).data();
        assertThat(failed.reason()).isEqualTo(FailureReason.APPS_NOT_READY);
        assertThat(failed.message()).contains("StatefulSet gitea/gitea");
        assertThat(events.get(1).data()).isEqualTo(new AppsDeleted(id, Cause.ROLLBACK, FailureReason.APPS_NOT_READY));
        assertThat(new Fabric8ClusterApi(client).listOwned(id)).isEmpty();
        assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .doesNotContain("gitea", "nextcloud", "ingress-nginx");
    }

    @Test
    void aDeleteWhoseApiNoLongerAnswersGoesOnToTheK8sReset() {
        String id = MockClustersResource.GONE;
        KubernetesClient client = MockClustersResource.server(id).createClient();
        playControllers(client, id, w -> false);
        announce(id);
        assertThat(awaitEvents(id, 1).get(0).data()).isInstanceOf(AppsDeployed.class);
        // its control planes are gone (down, or their containers removed): nothing answers at the kubeconfig's server
        MockClustersResource.stopServer(id);
        publish(new DnsRecordsDeleted(id, Cause.DELETE, FailureReason.DELETED));
        // every attempt of the layer's retry (the only one: the Kubernetes client's own is off) finds nothing:
        // 16 s of back-off per call here, 18 s alone and 70 s under CI's load for the teardown (it was some
        // 100 s alone with the client's retries nested in each attempt, and this waited 4 minutes)
        assertThat(awaitEvents(id, 2, Duration.ofMinutes(3)).get(1).data())
                .as("the delete goes on: the k8s reset takes the apps down")
                .isEqualTo(new AppsDeleted(id, Cause.DELETE, FailureReason.DELETED));
    }

    @Test
    void aClusterWithoutAKubeconfigFailsAndStillAnswersTheRollback() {
        String id = MockClustersResource.UNREACHABLE;
        announce(id);
        List<CloudEvent> events = awaitEvents(id, 2);
        AppsFailed failed = (AppsFailed) events.get(0).data();
        assertThat(failed.reason()).isEqualTo(FailureReason.KUBECONFIG_MISSING);
        assertThat(failed.message()).contains(MockClustersResource.store().file(id).toString())
                .contains("kubelode.apps.kubeconfig-dir");
        assertThat(events.get(1).data())
                .isEqualTo(new AppsDeleted(id, Cause.ROLLBACK, FailureReason.KUBECONFIG_MISSING));
    }

    @Test
    void aKubeconfigSealedWithAnotherKeyFailsClearlyAndStillAnswersTheRollback() {
        String id = MockClustersResource.WRONG_KEY;
        announce(id);
        List<CloudEvent> events = awaitEvents(id, 2);
        AppsFailed failed = (AppsFailed) events.get(0).data();
        assertThat(failed.reason()).isEqualTo(FailureReason.KUBECONFIG_UNREADABLE);
        assertThat(failed.message()).contains(id + ".kubeconfig.sealed").contains("KUBELODE_K8S_SEAL_KEY");
        assertThat(events.get(1).data())
                .isEqualTo(new AppsDeleted(id, Cause.ROLLBACK, FailureReason.KUBECONFIG_UNREADABLE));
    }

    private void playControllers(KubernetesClient client, String id, Predicate<HasMetadata> stuck) {
        controllers.scheduleWithFixedDelay(() -> MockApi.markReady(client, id, stuck), 200, 200,
                TimeUnit.MILLISECONDS);
    }

    /** What the layers below publish before the apps layer acts: the spec, the nodes, the joined cluster. */
    private static void announce(String id) {
        publish(new ClusterRequested(id, Homelab.spec()));
        for (int n = 1; n <= 3; n++) {
            publish(new NodeProvisioned(id, n, id + "-" + n, 1000L + n, "us-east", PUBLIC_IPS.get(n - 1),
                    "192.168.139." + n, 22, "SHA256:test"));
        }
        publish(new ClusterJoined(id, "https://10.100.1.2:6443", "1.31.4", nodes(), 3));
    }

    private static List<K8sNode> nodes() {
        List<K8sNode> nodes = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            nodes.add(new K8sNode("node-" + n + "-master", n, "control-plane", true));
            nodes.add(new K8sNode("node-" + n + "-worker", n, "worker", true));
        }
        return nodes;
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

    /** Waits (up to 90 s) until the apps topic holds {@code count} events of the cluster. */
    private static List<CloudEvent> awaitEvents(String id, int count) {
        return awaitEvents(id, count, Duration.ofSeconds(90));
    }

    private static List<CloudEvent> awaitEvents(String id, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<CloudEvent> events = new ArrayList<>();
            while (events.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(r.key())) {
                        events.add(CloudEventCodec.fromRecord(r));
                    }
                }
            }
            assertThat(events).as("events of %s on %s", id, Topics.APPS).hasSizeGreaterThanOrEqualTo(count);
            return events;
        }
    }

    /** Every record of the cluster on the apps topic, at least {@code min} of them. */
    private static List<ConsumerRecord<String, String>> readAll(String id, int min) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            while (all.size() < min && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (id.equals(r.key())) {
                        all.add(r);
                    }
                });
            }
            assertThat(all).hasSizeGreaterThanOrEqualTo(min);
            return all;
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedBroker.get().bootstrapServers());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.APPS, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(Topics.APPS, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static Map<String, String> resourceVersions(KubernetesClient client, String id) {
        return new Fabric8ClusterApi(client).listOwned(id).stream().collect(Collectors.toMap(
                o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
    }

    private static List<String> values(Secret s) {
        List<String> v = new ArrayList<>();
        if (s.getStringData() != null) {
            v.addAll(s.getStringData().values());
        }
        if (s.getData() != null) {
            s.getData().values().forEach(b64 -> v.add(new String(Base64.getDecoder().decode(b64))));
        }
        return v;
    }
}
