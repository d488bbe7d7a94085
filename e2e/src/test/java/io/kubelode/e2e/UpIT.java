package io.kubelode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's first command, exactly: {@code ./kubelode up} on the embedded default (real broker,
 * the sandbox, every service its own process) creates the cluster of examples/homelab.yaml and
 * ends Ready; every layer left its evidence in the sandbox. With the stack still up, a join that
 * fails on node 3 rolls a second cluster back to nothing, the first is deleted to nothing, no
 * secret ever reached the bus, and {@code ./kubelode down} leaves no process and no port behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpIT {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);
    private static String readyId;

    @BeforeAll
    static void freshState() throws IOException {
        Stack.kubelode("down-before.log", Duration.ofMinutes(1), "down");
        if (Files.exists(Stack.STATE)) {
            try (Stream<Path> walk = Files.walk(Stack.STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (int port : Stack.PORTS) {
            assertThat(Stack.listening(port)).as("port %d must be free before up", port).isFalse();
        }
    }

    @AfterAll
    static void stopEverything() {
        Stack.kubelode("down-after.log", Duration.ofMinutes(1), "down");
    }

    @Test
    @Order(1)
    void upCreatesTheHomelabAndEndsReady() {
        Stack.Run up = Stack.kubelode("up.log", UP_TIMEOUT, "up");
        System.out.printf("e2e: ./kubelode up exited %d after %d ms%n", up.exit(), up.took().toMillis());
        assertThat(up.exit()).as("./kubelode up output:%n%s", up.output()).isZero();
        assertThat(up.output()).contains("Ready");

        JsonNode clusters = Stack.gateway("GET", "/clusters", null);
        assertThat(clusters).hasSize(1);
        readyId = clusters.get(0).get("id").asText();
        JsonNode view = Stack.gateway("GET", "/clusters/" + readyId, null);
        assertThat(view.get("phase").asText()).isEqualTo("Ready");
        assertThat(view.get("nodes")).hasSize(3);
        assertThat(view.get("apiEndpoint").asText()).startsWith("https://127.77.").endsWith(":6443");
        List<String> urls = new ArrayList<>();
        view.get("apps").forEach(app -> {
            assertThat(app.get("ready").asBoolean()).as("app %s ready", app.get("app")).isTrue();
            urls.add(app.get("url").asText());
        });
        assertThat(urls).hasSize(6).allMatch(u -> u.startsWith("http") && u.contains(".dyll.in/"));
        assertThat(up.output()).contains(urls.get(0));

        // the provisioner's instances, and every layer's scripts, ran on each of them
        JsonNode instances = Stack.sandbox("/sandbox/instances");
        List<JsonNode> mine = new ArrayList<>();
        instances.forEach(i -> {
            if (i.get("label").asText().startsWith(readyId + "-")) {
                mine.add(i);
            }
        });
        assertThat(mine).hasSize(3).allMatch(i -> "running".equals(i.get("status").asText()));
        for (JsonNode instance : mine) {
            String scripts = scriptsRanOn(instance.get("id").asLong());
            assertThat(scripts).as("scripts on %s", instance.get("label"))
                    .contains("base role", "lxd-host", "lxd-containers", "wg", "# kubelode: prepare-container.sh in");
        }
        String node1 = scriptsRanOn(mine.stream().filter(i -> i.get("label").asText().endsWith("-1")).findFirst()
                .orElseThrow().get("id").asLong());
        assertThat(node1).contains("# kubelode: init.sh in");

        // the Kubernetes API the sandbox serves for the cluster: 6 nodes Ready, kubelode's objects in it
        JsonNode kube = kubeOf(readyId);
        assertThat(kube).as("the sandbox's Kubernetes API of %s", readyId).isNotNull();
        assertThat(kube.get("nodes")).hasSize(6);
        kube.get("nodes").forEach(n -> assertThat(n.get("ready").asBoolean()).isTrue());

        // round-robin A records for every app host, one per node
        JsonNode domains = Stack.linode("/domains");
        JsonNode domain = null;
        for (JsonNode d : domains.get("data")) {
            if ("dyll.in".equals(d.get("domain").asText())) {
                domain = d;
            }
        }
        assertThat(domain).as("domain dyll.in in the sandbox").isNotNull();
        JsonNode records = Stack.linode("/domains/" + domain.get("id").asLong() + "/records?page_size=500");
        long aRecords = 0;
        for (JsonNode r : records.get("data")) {
            if ("A".equals(r.get("type").asText())) {
                aRecords++;
            }
        }
        assertThat(aRecords).as("A records: 3 per app host").isGreaterThanOrEqualTo(6 * 3);
    }

    @Test
    @Order(2)
    void aJoinFailureOnNode3RollsTheClusterBackToNothing() throws IOException {
        JsonNode fault = Stack.sandboxPost("/sandbox/faults", Map.of("type", "fail-commands", "label_pattern", ".*-3",
                "command_pattern", "^join\\.sh$", "stderr", "[e2e] kubeadm join failed on node 3\n"));
        try {
            String spec = Files.readString(Stack.ROOT.resolve("examples/homelab.yaml")).replace("name: homelab",
                    "name: joinfail");
            String id = Stack.gateway("POST", "/clusters", spec).get("id").asText();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                    "RolledBack".equals(Stack.gateway("GET", "/clusters/" + id, null).get("phase").asText()));
            JsonNode view = Stack.gateway("GET", "/clusters/" + id, null);
            JsonNode joined = null;
            for (JsonNode c : view.get("conditions")) {
                if ("KubernetesJoined".equals(c.get("type").asText())) {
                    joined = c;
                }
            }
            assertThat(joined).as("the k8s layer's condition").isNotNull();
            assertThat(joined.get("status").asText()).as(joined.toString()).isNotEqualTo("True");
            assertThat(labelsOf(id)).as("instances of the rolled-back cluster").isEmpty();
            assertThat(kubeOf(id)).as("the rolled-back cluster's Kubernetes API").isNull();
        } finally {
            Stack.sandboxDelete("/sandbox/faults/" + fault.get("id").asLong());
        }
    }

    @Test
    @Order(3)
    void deletingTheReadyClusterLeavesNothing() {
        Stack.gateway("DELETE", "/clusters/" + readyId, null);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                "Deleted".equals(Stack.gateway("GET", "/clusters/" + readyId, null).get("phase").asText()));
        assertThat(labelsOf(readyId)).isEmpty();
        assertThat(kubeOf(readyId)).isNull();
    }

    @Test
    @Order(4)
    void noSecretReachedTheBus() throws IOException {
        List<String> secrets = List.of(Stack.token(), "sandbox-token",
                Files.readString(Stack.STATE.resolve("master.secret")).strip(),
                Files.readString(Stack.STATE.resolve("k8s-seal.key")).strip(),
                "PRIVATE KEY", "client-key-data");
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        int records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (topic.startsWith("kubelode.")) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    records++;
                    StringBuilder all = new StringBuilder(text(r.value()));
                    for (Header h : r.headers()) {
                        all.append('\n').append(h.key()).append('=').append(text(h.value()));
                    }
                    for (String secret : secrets) {
                        assertThat(all.toString()).as("%s offset %d", r.topic(), r.offset()).doesNotContain(secret);
                    }
                }
            }
        }
        System.out.printf("e2e: %d records on the bus, none holding a secret%n", records);
        long readyClusterEvents = Stack.gateway("GET", "/clusters/" + readyId, null).get("events").asLong();
        assertThat(records).as("every record was read: at least the ready cluster's %d events", readyClusterEvents)
                .isGreaterThanOrEqualTo((int) readyClusterEvents).isGreaterThan(0);
    }

    @Test
    @Order(5)
    void downStopsEverythingItStartedAndFreesThePorts() {
        Stack.Run down = Stack.kubelode("down.log", Duration.ofMinutes(2), "down");
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(Stack.recordedProcesses()).as("processes up recorded").doesNotContainValue(true);
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(Stack.STATE.toString()) || cmd.contains("kafka.bootstrap.servers=127.0.0.1:9092")))
                .as("processes of this stack still running").isEmpty();
        for (int port : Stack.PORTS) {
            assertThat(Stack.listening(port)).as("port %d after down", port).isFalse();
        }
        // KUBELODE_CDS=off (Stack): no service wrote a class-data archive, not even half of one
        for (String module : List.of("sandbox", "gateway", "provisioner-service", "lxc-service", "network-service",
                "k8s-service", "apps-service", "dns-service")) {
            Path app = Stack.ROOT.resolve(module).resolve("target/quarkus-app");
            assertThat(app.toFile().list((dir, name) -> name.startsWith("kubelode-cds.jsa.")))
                    .as(module + ": an archive written although KUBELODE_CDS=off").isEmpty();
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String scriptsRanOn(long instanceId) {
        StringBuilder all = new StringBuilder();
        Stack.sandbox("/sandbox/instances/" + instanceId + "/commands").forEach(c -> all.append(c.path("script")
                .asText()).append('\n'));
        return all.toString();
    }

    private static List<String> labelsOf(String clusterId) {
        List<String> labels = new ArrayList<>();
        Stack.sandbox("/sandbox/instances").forEach(i -> {
            String label = i.get("label").asText();
            if (label.startsWith(clusterId + "-") && !"deleted".equals(i.path("status").asText())) {
                labels.add(label);
            }
        });
        return labels;
    }

    /** The sandbox's Kubernetes API of a cluster, or null when it serves none. */
    private static JsonNode kubeOf(String clusterId) {
        for (JsonNode api : Stack.sandbox("/sandbox/kube")) {
            if (api.toString().contains(clusterId)) {
                return api;
            }
        }
        return null;
    }
}
