package io.kubelode.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.startsWith;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.Topics;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /clusters/{id}/kubeconfig} against a real broker: the test plays the k8s layer and
 * seals a kubeconfig into the configured directory with the same {@link KubeconfigStore}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KubeconfigIT {
    private static final String YAML = "application/yaml";

    @ConfigProperty(name = "kubelode.gateway.kubeconfig-dir")
    Path dir;

    @ConfigProperty(name = "kubelode.gateway.seal-key")
    String sealKey;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + " " + record.getMessage() + " " + java.util.Arrays.toString(
                    record.getParameters()) + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void anAdminGetsTheHandedOverKubeconfigAReaderIsForbiddenAndNobodyElseGetsIn() {
        String cid = knownCluster();
        KubeconfigStore k8sLayer = new KubeconfigStore(dir, Sealer.ofBase64(sealKey, new SecureRandom()));
        String secret = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        String kubeconfig = kubeconfig(cid, secret);

        // joined but not handed over yet, or never joined: 404 problem
        given().auth().oauth2(Api.ADMIN).get("/clusters/" + cid + "/kubeconfig").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("type", matchesRegex(".*kubeconfig-unavailable"))
                .body("status", equalTo(404));

        k8sLayer.save(cid, kubeconfig);
        String served = given().auth().oauth2(Api.ADMIN).get("/clusters/" + cid + "/kubeconfig").then()
                .statusCode(200).contentType(startsWith(YAML)).header("Cache-Control", "no-store")
                .extract().asString();
        // the person's copy dials the cluster's domain (every node's address), not node 1's address
        assertThat(served).isEqualTo(kubeconfig.replace("server: https://203.0.113.11:6443",
                "server: https://example.org:6443"));

        given().auth().oauth2(Api.READER).get("/clusters/" + cid + "/kubeconfig").then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE).body(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString(secret)));
        given().get("/clusters/" + cid + "/kubeconfig").then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("not-a-token").get("/clusters/" + cid + "/kubeconfig").then().statusCode(401);
        given().auth().oauth2(Api.ADMIN).get("/clusters/nope-00000/kubeconfig").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("type", matchesRegex(".*no-such-cluster"));

        // the k8s layer's reset removes it: 404 again
        assertThat(k8sLayer.delete(cid)).isTrue();
        given().auth().oauth2(Api.ADMIN).get("/clusters/" + cid + "/kubeconfig").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("type", matchesRegex(".*kubeconfig-unavailable"));

        assertThat(logged).as("the gateway logged the kubeconfig request").anyMatch(l -> l.contains(cid));
        assertThat(logged).noneMatch(l -> l.contains(secret)).noneMatch(l -> l.contains("client-key-data"));
        assertThat(everythingOnTheTopics()).isNotEmpty().noneMatch(v -> v.contains(secret))
                .noneMatch(v -> v.contains("client-key-data"));
    }

    @Test
    void aKubeconfigSealedWithAnotherKeyIsAProblemWithoutTheSecret() {
        String cid = knownCluster();
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        String secret = UUID.randomUUID().toString();
        new KubeconfigStore(dir, new Sealer(other, new SecureRandom())).save(cid, kubeconfig(cid, secret));
        given().auth().oauth2(Api.ADMIN).get("/clusters/" + cid + "/kubeconfig").then().statusCode(500)
                .contentType(Problem.MEDIA_TYPE).body("type", matchesRegex(".*kubeconfig-unreadable"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(secret)));
        assertThat(logged).anyMatch(l -> l.contains("KUBELODE_K8S_SEAL_KEY")).noneMatch(l -> l.contains(secret));
    }

    /** A cluster the read model knows (its ClusterRequested is on the broker). */
    private static String knownCluster() {
        ClusterRequested requested = Saga.requested("kc-" + UUID.randomUUID().toString().substring(0, 5) + "-zzzzz", 3);
        String cid = requested.clusterId();
        try (Bus bus = new Bus()) {
            bus.publish(requested);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Api.READER)
                .get("/clusters/" + cid).then().statusCode(200));
        return cid;
    }

    private static String kubeconfig(String cid, String clientKey) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: https://203.0.113.11:6443
                contexts:
                - name: kubernetes-admin@%1$s
                  context:
                    cluster: %1$s
                    user: kubernetes-admin
                current-context: kubernetes-admin@%1$s
                users:
                - name: kubernetes-admin
                  user:
                    client-key-data: %2$s
                """.formatted(cid, clientKey);
    }

    /** Every record value and header on every kubelode topic, from the beginning. */
    private static List<String> everythingOnTheTopics() {
        List<String> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.get().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.ALL) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder s = new StringBuilder();
                    if (r.value() != null) {
                        s.append(new String(r.value(), StandardCharsets.UTF_8));
                    }
                    for (Header h : r.headers()) {
                        s.append(' ').append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    all.add(s.toString());
                }
            }
        }
        return all;
    }
}
