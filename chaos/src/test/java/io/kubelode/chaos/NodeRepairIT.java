package io.kubelode.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.EventType;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Day two against the sandbox's light model, every service its own process on a real broker (the module's
 * shared {@link LocalStack}): a Ready cluster's node 2 is rebooted through the Linode API and node 1's instance
 * is deleted behind kubelode's back. With no command typed, the provisioner's watch starts a repair for each
 * (NodeRepairStarted), every layer reports for the node again, the cluster goes Repairing → Ready, and the
 * watch says NodeRepaired. The deleted node is replaced: a new instance with node 1's label, 6 Kubernetes
 * nodes Ready and 3 etcd members, every name answering with the new address and not the lost one. The
 * real-host scenario proves the same on real Debian machines ({@code realhost}, check 16).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeRepairIT {
    private static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home";
    private static final String DOMAIN = "repair.chaos.example.org";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static String id;

    @BeforeAll
    static void start() {
        stack = ChaosStack.get();
        stack.sandbox().clearFaults();
    }

    @Test
    @Order(1)
    void aClusterIsReady() {
        id = stack.gateway().create("""
                name: repair
                region: eu-central
                nodes: 3
                domain: %s
                apps: [web]
                sshKeys:
                  - %s
                """.formatted(DOMAIN, SSH_KEY), null);
        awaitRepairs(0);
        assertThat(stack.sandbox().instancesOf(id)).hasSize(3);
    }

    @Test
    @Order(2)
    void aRebootedNodeIsCheckedByEveryLayerAndTheClusterIsReadyAgain() throws Exception {
        long node2 = instance(2).path("id").asLong();
        long provisionedBefore = cluster().count(EventType.NODE_PROVISIONED);
        long t0 = System.nanoTime();
        stack.sandbox().reboot(node2);

        awaitRepairs(1);
        System.out.printf("chaos: node 2 rebooted → Ready again after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        JsonNode started = payload(cluster().types(EventType.NODE_REPAIR_STARTED).get(0));
        assertThat(started.path("node").asInt()).isEqualTo(2);
        assertThat(started.path("repair").asText()).isEqualTo("REBOOT");
        assertThat(started.path("linodeId").asLong()).isEqualTo(node2);
        assertThat(started.path("cause").asText()).startsWith("linode_reboot finished");
        JsonNode repaired = payload(cluster().types(EventType.NODE_REPAIRED).get(0));
        assertThat(repaired.path("node").asInt()).isEqualTo(2);
        assertThat(repaired.path("linodeId").asLong()).as("a reboot keeps the instance").isEqualTo(node2);
        // node 2 alone went through every layer again, and the same instance stayed
        assertThat(cluster().count(EventType.NODE_PROVISIONED)).isEqualTo(provisionedBefore + 1);
        assertThat(stack.sandbox().instancesOf(id)).hasSize(3).extracting(i -> i.path("id").asLong()).contains(node2);
        assertAfter(EventType.NODE_REPAIR_STARTED, EventType.NODE_PROVISIONED, EventType.LXC_READY,
                EventType.NETWORK_ROUTED, EventType.CLUSTER_JOINED, EventType.APPS_DEPLOYED, EventType.DNS_PUBLISHED,
                EventType.NODE_REPAIRED);
    }

    @Test
    @Order(3)
    void aDeletedNodeOneIsReplacedThroughEveryLayer() throws Exception {
        JsonNode lost = instance(1);
        long lostId = lost.path("id").asLong();
        String lostAddress = lost.path("ipv4").asText();
        long t0 = System.nanoTime();
        stack.sandbox().deleteInstance(lostId);

        awaitRepairs(2);
        System.out.printf("chaos: node 1 deleted → replaced, Ready again after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        JsonNode started = payload(cluster().types(EventType.NODE_REPAIR_STARTED).get(1));
        assertThat(started.path("node").asInt()).isEqualTo(1);
        assertThat(started.path("repair").asText()).isEqualTo("REPLACE");
        assertThat(started.path("linodeId").asLong()).isEqualTo(lostId);

        JsonNode replacement = instance(1);
        assertThat(replacement.path("id").asLong()).as("a new instance under node 1's label").isNotEqualTo(lostId);
        assertThat(stack.sandbox().instancesOf(id)).hasSize(3);
        JsonNode repaired = payload(cluster().types(EventType.NODE_REPAIRED).get(1));
        assertThat(repaired.path("linodeId").asLong()).isEqualTo(replacement.path("id").asLong());

        JsonNode api = cluster().kubeApi();
        assertThat(api.path("nodes")).hasSize(6);
        api.path("nodes").forEach(n -> assertThat(n.path("ready").asBoolean()).as(n.toString()).isTrue());
        assertThat(api.path("etcdMembers")).as("the lost member removed, the new one added").hasSize(3);
        List<String> addresses = stack.sandbox().instancesOf(id).stream().map(i -> i.path("ipv4").asText()).toList();
        for (String name : List.of(DOMAIN, "www." + DOMAIN)) {
            assertThat(cluster().aRecords(name)).as(name).containsExactlyInAnyOrderElementsOf(addresses);
        }
        if (!replacement.path("ipv4").asText().equals(lostAddress)) {
            assertThat(cluster().aRecords(DOMAIN)).doesNotContain(lostAddress);
        }
        JsonNode cluster = stack.gateway().cluster(id).orElseThrow();
        assertThat(cluster.path("nodes").findValuesAsText("linodeId")).doesNotContain(String.valueOf(lostId));
    }

    /** Ready with {@code repairs} NodeRepaired on the bus. */
    private static void awaitRepairs(int repairs) {
        String[] last = {""};
        try {
            Awaitility.await("cluster " + id + " Ready after " + repairs + " repairs").atMost(STEP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        JsonNode c = stack.gateway().cluster(id).orElseThrow();
                        last[0] = c.path("phase").asText() + " " + c.path("conditions");
                        return "Ready".equals(c.path("phase").asText()) && cluster().count(EventType.NODE_REPAIRED) == repairs
                                && cluster().count(EventType.NODE_REPAIR_STARTED) == repairs;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("cluster " + id + " not Ready after " + repairs + " repairs: " + last[0]
                    + "\nhistory:\n" + cluster().historyText(), e);
        }
        assertThat(cluster().count(EventType.NODE_REPAIR_FAILED)).isZero();
    }

    /** The types after the last NodeRepairStarted, in time order, contain {@code types} in this order. */
    private static void assertAfter(EventType... types) {
        List<Entry> all = cluster().history();
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (EventType.NODE_REPAIR_STARTED.type().equals(all.get(i).type())) {
                from = i;
            }
        }
        List<String> after = all.subList(from, all.size()).stream().map(Entry::type).toList();
        int at = -1;
        for (EventType t : types) {
            int next = after.subList(at + 1, after.size()).indexOf(t.type());
            assertThat(next).as(t.type() + " after the repair started, in " + after).isNotNegative();
            at += 1 + next;
        }
    }

    private static JsonNode instance(int node) {
        return stack.sandbox().instancesOf(id).stream().filter(i -> i.path("label").asText().equals(id + "-" + node))
                .findFirst().orElseThrow();
    }

    private static JsonNode payload(Entry e) throws Exception {
        return JSON.readTree(e.value());
    }

    private static OneCluster cluster() {
        return new OneCluster(stack, id, DOMAIN);
    }
}
