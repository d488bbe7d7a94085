package io.kubelode.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.EventType;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scaling through every layer against the sandbox, every service its own process on a real broker
 * (the module's shared {@link LocalStack}): 3 nodes → Ready; scale to 5 → Ready with 5 instances, 10 Kubernetes nodes
 * Ready and 5 etcd members, every name answering with 5 addresses; scale to 4 → Ready, node 5's
 * instance, A records and Nodes gone, and the steps in the order the saga promises (DNS first,
 * the instance last); scale to 2 without force → refused with a problem detail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterScaleIT {
    private static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home";
    private static final String NAME = "scale";
    private static final String DOMAIN = "scale.chaos.example.org";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalStack stack;
    private static String id;

    @BeforeAll
    static void start() {
        // the module's shared stack (its sandbox delays are this test's): one stack start less
        stack = ChaosStack.get();
        stack.sandbox().clearFaults();
    }

    @Test
    @Order(1)
    void threeNodesBecomeReady() {
        id = stack.gateway().create("""
                name: %s
                region: eu-central
                nodes: 3
                domain: %s
                apps: [web]
                sshKeys:
                  - %s
                """.formatted(NAME, DOMAIN, SSH_KEY), null);
        awaitReady(3);
        assertThat(stack.sandbox().instancesOf(id)).hasSize(3);
    }

    @Test
    @Order(2)
    void scalingUpToFiveTakesTheNewNodesThroughEveryLayer() throws Exception {
        List<String> before = publicAddresses();
        HttpResponse<String> r = patch(5, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        awaitReady(5);

        List<JsonNode> instances = stack.sandbox().instancesOf(id);
        assertThat(instances).extracting(i -> i.path("label").asText())
                .containsExactlyInAnyOrder(id + "-1", id + "-2", id + "-3", id + "-4", id + "-5");
        List<String> addresses = publicAddresses();
        assertThat(addresses).hasSize(5).containsAll(before);
        JsonNode api = cluster().kubeApi();
        assertThat(api.path("nodes")).hasSize(10);
        api.path("nodes").forEach(n -> assertThat(n.path("ready").asBoolean()).as(n.toString()).isTrue());
        assertThat(api.path("etcdMembers")).hasSize(5);
        for (String name : List.of(DOMAIN, "www." + DOMAIN)) {
            assertThat(cluster().aRecords(name)).as(name).containsExactlyInAnyOrderElementsOf(addresses);
        }
        // each node was provisioned once: the scale-up created nodes 4 and 5 only
        assertThat(cluster().types(EventType.NODE_PROVISIONED)).hasSize(5);
        assertThat(cluster().count(EventType.DNS_PUBLISHED)).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(3)
    void scalingDownToFourWithdrawsDnsFirstAndDeletesTheInstanceLast() throws Exception {
        JsonNode leaving = stack.sandbox().instancesOf(id).stream()
                .filter(i -> i.path("label").asText().equals(id + "-5")).findFirst().orElseThrow();
        String leavingAddress = leaving.path("ipv4").asText();
        HttpResponse<String> r = patch(4, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Awaitility.await("node 5 removed").atMost(STEP_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> cluster().count(EventType.NODES_REMOVED) == 1);
        awaitReady(4);

        assertThat(stack.sandbox().instancesOf(id)).extracting(i -> i.path("label").asText())
                .containsExactlyInAnyOrder(id + "-1", id + "-2", id + "-3", id + "-4");
        for (String name : List.of(DOMAIN, "www." + DOMAIN)) {
            assertThat(cluster().aRecords(name)).as(name).hasSize(4).doesNotContain(leavingAddress);
        }
        assertThat(kubeObjects("Node")).hasSize(8).doesNotContain(id + "-5-master", id + "-5-worker");
        JsonNode api = cluster().kubeApi();
        assertThat(api.path("etcdMembers")).hasSize(4);
        api.path("nodes").forEach(n -> assertThat(n.path("ready").asBoolean()).as(n.toString()).isTrue());

        // the order the saga promises, visible on the bus: DNS first, the instance last
        List<Entry> steps = cluster().history().stream().filter(e -> Set.of(EventType.CLUSTER_SCALE_REQUESTED.type(),
                        EventType.DNS_NODES_WITHDRAWN.type(), EventType.CLUSTER_NODES_DRAINED.type(),
                        EventType.NETWORK_NODES_DETACHED.type(), EventType.LXC_NODES_RELEASED.type(),
                        EventType.NODES_REMOVED.type()).contains(e.type()))
                .sorted(Comparator.comparingLong(Entry::timestamp)).toList();
        List<String> order = steps.stream().map(Entry::type).toList();
        assertThat(order.subList(order.lastIndexOf(EventType.CLUSTER_SCALE_REQUESTED.type()), order.size()))
                .containsExactly(EventType.CLUSTER_SCALE_REQUESTED.type(), EventType.DNS_NODES_WITHDRAWN.type(),
                        EventType.CLUSTER_NODES_DRAINED.type(), EventType.NETWORK_NODES_DETACHED.type(),
                        EventType.LXC_NODES_RELEASED.type(), EventType.NODES_REMOVED.type());
    }

    @Test
    @Order(4)
    void scalingBelowThreeWithoutForceIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> r = patch(2, false);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("type").asText()).endsWith("invalid-spec");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(r.body()).contains("force=true");
        assertThat(stack.gateway().phase(id)).isEqualTo("Ready");
        assertThat(cluster().count(EventType.CLUSTER_SCALE_REQUESTED)).isEqualTo(2);
        assertThat(stack.sandbox().instancesOf(id)).hasSize(4);
    }

    /** Ready, the gateway's spec at {@code nodes}, and that many instances: the whole chain has run. */
    private static void awaitReady(int nodes) {
        String[] last = {""};
        try {
            Awaitility.await("cluster " + id + " Ready with " + nodes + " nodes").atMost(STEP_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                        JsonNode c = stack.gateway().cluster(id).orElseThrow();
                        last[0] = c.path("phase").asText() + " " + c.path("conditions");
                        return "Ready".equals(c.path("phase").asText()) && c.path("spec").path("nodes").asInt() == nodes
                                && c.path("nodes").size() == nodes && stack.sandbox().instancesOf(id).size() == nodes;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("cluster " + id + " not Ready with " + nodes + " nodes: " + last[0]
                    + "\nhistory:\n" + cluster().history().stream().map(h -> h.topic() + " " + h.type())
                    .collect(Collectors.joining("\n")), e);
        }
    }

    private static HttpResponse<String> patch(int nodes, boolean force) throws IOException, InterruptedException {
        URI uri = stack.process(StackService.GATEWAY).url("/clusters/" + id + (force ? "?force=true" : ""));
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + stack.gatewayToken())
                .header("Content-Type", "application/merge-patch+json").header("Accept", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"nodes\": " + nodes + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> publicAddresses() {
        return stack.sandbox().instancesOf(id).stream().map(i -> i.path("ipv4").asText()).sorted().toList();
    }

    private static List<String> kubeObjects(String kind) {
        return stack.sandbox().kubeObjects(id).stream().filter(o -> kind.equals(o.path("kind").asText()))
                .map(o -> o.path("name").asText()).toList();
    }

    private static OneCluster cluster() {
        return new OneCluster(stack, id, DOMAIN);
    }
}
