package io.kubelode.chaos;

import static io.kubelode.events.EventType.APPS_DEPLOYED;
import static io.kubelode.events.EventType.CLUSTER_JOINED;
import static io.kubelode.events.EventType.DNS_PUBLISHED;
import static io.kubelode.events.EventType.LXC_READY;
import static io.kubelode.events.EventType.NETWORK_ROUTED;
import static io.kubelode.events.EventType.NODE_PROVISIONED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackProcess;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every layer service as two processes in one consumer group, as two machines would run it. Ten
 * clusters are created at once, and one process of each layer is SIGKILLed in the middle of its
 * layer's work (once the layer has announced the first of the ten clusters, not all of them) and not
 * started again: the other process takes the dead one's partitions (a rebalance in the middle of a
 * step) and runs what was not acknowledged again, from what exists. Every cluster ends Ready, the
 * sandbox accepted exactly one Linode create per node, nothing exists twice in it (instances by
 * label, domains, DNS records, Kubernetes objects), every history is complete, and nothing reached a
 * dead letter topic. Then the ten are deleted through the surviving processes and leave nothing. It
 * runs last in the module (failsafe's alphabetical order): the stack keeps its dead processes.
 */
class ReplicasIT {
    private static final int CLUSTERS = Integer.getInteger("replicas.clusters", 10);
    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("replicas.timeoutMinutes", 8));
    /** What each layer announces per cluster: its first one of the batch marks the middle of its work. */
    private static final Map<StackService, EventType> ANNOUNCES = new LinkedHashMap<>();
    /** A consumer group of one process alone: named with a random id ({@code ${quarkus.uuid}}). */
    private static final Pattern PER_PROCESS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    static {
        ANNOUNCES.put(StackService.PROVISIONER, NODE_PROVISIONED);
        ANNOUNCES.put(StackService.LXC, LXC_READY);
        ANNOUNCES.put(StackService.NETWORK, NETWORK_ROUTED);
        ANNOUNCES.put(StackService.K8S, CLUSTER_JOINED);
        ANNOUNCES.put(StackService.APPS, APPS_DEPLOYED);
        ANNOUNCES.put(StackService.DNS, DNS_PUBLISHED);
    }

    @Test
    void twoProcessesOfEveryLayerOneKilledMidFlowEveryClusterReadyAndNothingMadeTwice() throws Exception {
        LocalStack stack = ChaosStack.get();
        assertThat(Capabilities.baseline(stack).phase()).as("a fault-free cluster on this sandbox").isEqualTo("Ready");
        long createsBefore = stack.sandbox().stats().path("createsAccepted").asLong();
        int dlqBefore = ChaosIT.dlqRecords(stack).size();
        ExecutorService pool = Executors.newFixedThreadPool(CLUSTERS);
        List<StackService> layers = StackService.sagaServices();
        List<String> kills = new ArrayList<>();
        Map<String, String> clusters = new LinkedHashMap<>(); // id -> name
        long t0 = System.nanoTime();
        try {
            // a second process of every layer, all started at once, in the same consumer groups
            CompletableFuture.allOf(layers.stream().map(s -> CompletableFuture.runAsync(() -> stack.addReplica(s), pool))
                    .toArray(CompletableFuture[]::new)).join();
            awaitBothProcessesInEveryGroup(stack);
            System.err.printf("replicas: a second process of each of %d layers ready, and in its consumer groups with "
                    + "partitions of its own, after %d ms%n", layers.size(), Duration.ofNanos(System.nanoTime() - t0).toMillis());
            try (LayerWatch watch = LayerWatch.open(stack.bootstrapServers(), ANNOUNCES.values())) {
                List<CompletableFuture<Map.Entry<String, String>>> creates = new ArrayList<>();
                for (int i = 1; i <= CLUSTERS; i++) {
                    String name = "replica" + i;
                    String key = UUID.randomUUID().toString();
                    creates.add(CompletableFuture.supplyAsync(() -> Map.entry(stack.gateway().create(Saga.spec(name, 3), key),
                            name), pool));
                }
                for (var c : creates) {
                    clusters.put(c.get().getKey(), c.get().getValue());
                }
                // down the chain: each layer loses a process once it has announced its first cluster of the ten;
                // the first process of one layer, the replica of the next, and so on
                int i = 0;
                for (var layer : ANNOUNCES.entrySet()) {
                    watch.awaitFirst(layer.getValue(), clusters.keySet(), TIMEOUT);
                    StackProcess victim = stack.processes(layer.getKey()).get(i++ % 2);
                    victim.kill();
                    int done = watch.announced(layer.getValue(), clusters.keySet());
                    kills.add(String.format("%s %s at %d of %d announced", layer.getKey(),
                            victim == stack.process(layer.getKey()) ? "first process" : "replica", done, CLUSTERS));
                    assertThat(done).as("%s killed in the middle of its work: clusters it had announced", layer.getKey())
                            .isLessThan(CLUSTERS);
                }
                System.err.println("replicas: killed " + kills);
            }
            List<CompletableFuture<String>> ends = clusters.keySet().stream().map(id -> CompletableFuture.supplyAsync(
                    () -> Saga.awaitPhase(stack, id, TIMEOUT, Saga.TERMINAL), pool)).toList();
            Map<String, String> phases = new LinkedHashMap<>();
            int k = 0;
            for (String id : clusters.keySet()) {
                phases.put(id, ends.get(k++).join());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(phases.values()).as("how each cluster ended, with one process of each layer killed").containsOnly("Ready");

            List<TopicHistory.Entry> all = TopicHistory.read(stack.bootstrapServers(), Topics.ALL);
            for (String id : clusters.keySet()) {
                Saga.assertHistory(TopicHistory.ofCluster(all, id), id, 3, "Ready");
                assertThat(Saga.createsOf(stack, id)).as("Linodes created for %s: one per node", id).isEqualTo(3L);
                assertOnceInTheWorld(stack, id, clusters.get(id));
            }
            assertThat(stack.sandbox().stats().path("createsAccepted").asLong() - createsBefore)
                    .as("Linodes created: one per node, never a second one").isEqualTo(3L * CLUSTERS);
            List<TopicHistory.Entry> dead = ChaosIT.dlqRecords(stack);
            assertThat(dead.subList(dlqBefore, dead.size())).as("dead letters").isEmpty();
            Secrets.assertNoneOnTheBus(stack);
            System.err.printf("replicas: RESULT %d clusters Ready in %d s with two processes per layer, one of each "
                    + "killed mid-flow (%s)%n", CLUSTERS, took.toSeconds(), kills);
        } finally {
            pool.shutdownNow();
        }
        // the survivors take the deletes too: every layer's compensation with one process of each left
        for (String id : clusters.keySet()) {
            stack.gateway().delete(id);
        }
        for (String id : clusters.keySet()) {
            assertThat(Saga.awaitPhase(stack, id, TIMEOUT, Set.of("Deleted"))).isEqualTo("Deleted");
            Saga.assertNothingLeft(stack, id, clusters.get(id));
        }
    }

    /**
     * Waits until the replicas share the work: every consumer group a layer's processes share (not a view's
     * group, which is one process's own, named with a random id) is stable, holds each of its channels'
     * consumers twice (one per process: the same client id), and each member has partitions of its own,
     * the same partitions of every topic it reads.
     */
    private static void awaitBothProcessesInEveryGroup(LocalStack stack) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Awaitility.await("both processes of every layer in its consumer groups, with partitions")
                    .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        List<String> ids = admin.listGroups().all().get().stream().map(GroupListing::groupId).toList();
                        for (ConsumerGroupDescription g : admin.describeConsumerGroups(ids).all().get().values()) {
                            if (g.members().isEmpty() || PER_PROCESS.matcher(g.groupId()).find()) {
                                continue;
                            }
                            Map<String, Long> perChannel = g.members().stream()
                                    .collect(Collectors.groupingBy(MemberDescription::clientId, Collectors.counting()));
                            assertThat(g.groupState()).as("group %s", g.groupId()).isEqualTo(GroupState.STABLE);
                            assertThat(perChannel.values()).as("group %s: consumers per channel %s", g.groupId(), perChannel)
                                    .containsOnly(2L);
                            assertThat(g.members()).as("group %s: members without partitions", g.groupId())
                                    .noneMatch(m -> m.assignment().topicPartitions().isEmpty());
                            for (MemberDescription m : g.members()) {
                                // a layer's one work consumer reads several topics: the same partitions of each, so
                                // a cluster's forward step and its compensation (same key) reach the same process
                                Map<String, Set<Integer>> byTopic = m.assignment().topicPartitions().stream()
                                        .collect(Collectors.groupingBy(TopicPartition::topic,
                                                Collectors.mapping(TopicPartition::partition, Collectors.toSet())));
                                assertThat(Set.copyOf(byTopic.values())).as("group %s, %s: partitions per topic %s",
                                        g.groupId(), m.clientId(), byTopic).hasSize(1);
                            }
                        }
                    });
        }
    }

    /** One instance per label, one domain, no DNS record and no Kubernetes object twice. */
    private static void assertOnceInTheWorld(LocalStack stack, String id, String name) {
        assertNoTwins("instances of " + id + " by label", stack.sandbox().instancesOf(id), i -> i.path("label").asText());
        assertThat(stack.sandbox().domains().stream().filter(d -> d.path("domain").asText().equalsIgnoreCase(Saga.domainOf(name))))
                .as("domains named %s", Saga.domainOf(name)).hasSize(1);
        assertNoTwins("DNS records of " + Saga.domainOf(name), stack.sandbox().recordsOf(Saga.domainOf(name)),
                r -> r.path("type").asText() + " " + r.path("name").asText() + " " + r.path("target").asText());
        assertNoTwins("Kubernetes objects of " + id, stack.sandbox().kubeObjects(id),
                o -> o.path("kind").asText() + " " + o.path("namespace").asText() + "/" + o.path("name").asText());
    }

    private static void assertNoTwins(String what, List<JsonNode> things, Function<JsonNode, String> identity) {
        Map<String, Long> counts = things.stream().collect(Collectors.groupingBy(identity, Collectors.counting()));
        assertThat(counts.values()).as("%s: %s", what, counts).isNotEmpty().allMatch(c -> c == 1);
    }
}
