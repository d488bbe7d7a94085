package io.kubelode.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Clusters created concurrently while a random service is SIGKILLed and restarted every few
 * seconds; then all deleted, still under fire. Every cluster ends as a fault-free one does against
 * this sandbox (Ready, or RolledBack while the sandbox cannot take a cluster further), then
 * Deleted; the sandbox holds nothing of them; every history is complete and ordered; the sandbox
 * created exactly one Linode per node; nothing reached a dead letter topic; no secret is on the bus.
 *
 * <p>CI runs one short round ({@code chaos.clusters=3}). The full run repeats rounds until
 * {@code chaos.minutes} have passed: {@code mvn -B verify -pl chaos -Dit.test=ChaosIT
 * -Dchaos.clusters=10 -Dchaos.minutes=5 -Dchaos.killEverySeconds=4}.
 */
class ChaosIT {
    private static final int CLUSTERS = Integer.getInteger("chaos.clusters", 3);
    private static final double MINUTES = Double.parseDouble(System.getProperty("chaos.minutes", "0"));
    private static final Duration KILL_EVERY = Duration.ofSeconds(Long.getLong("chaos.killEverySeconds", 6));
    private static final long SEED = Long.getLong("chaos.seed", System.nanoTime());
    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("chaos.roundTimeoutMinutes", 10));

    @Test
    void everyClusterConvergesAndLeavesNothingBehindWhileServicesAreKilled() throws Exception {
        LocalStack stack = ChaosStack.get();
        String expected = Capabilities.baseline(stack).phase();
        List<String> bagEnds = new ArrayList<>();
        long createsBefore = stack.sandbox().stats().path("createsAccepted").asLong();
        long dlqBefore = dlqRecords(stack).size();
        List<StackService> targets = new ArrayList<>(StackService.sagaServices());
        targets.add(StackService.GATEWAY);
        System.err.printf("chaos: %d clusters per round, at least %.1f minutes, a kill every %s, seed %d%n",
                CLUSTERS, MINUTES, KILL_EVERY, SEED);

        long t0 = System.nanoTime();
        Map<String, String> clusters = new java.util.LinkedHashMap<>(); // id -> name
        int rounds = 0;
        List<String> kills;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, CLUSTERS));
        try (Killer killer = new Killer(stack, targets, KILL_EVERY, SEED).start()) {
            do {
                rounds++;
                Map<String, String> round = createConcurrently(stack, pool, rounds);
                clusters.putAll(round);
                List<CompletableFuture<String>> ends = round.keySet().stream().map(id -> CompletableFuture.supplyAsync(
                        () -> Saga.awaitPhase(stack, id, TIMEOUT, Set.of("Ready", "RolledBack", "Failed")), pool))
                        .toList();
                for (CompletableFuture<String> end : ends) {
                    bagEnds.add(end.get());
                }
                for (String id : round.keySet()) {
                    Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                            .ignoreExceptions().until(() -> {
                                stack.gateway().delete(id);
                                return true;
                            });
                }
                List<CompletableFuture<String>> deleted = round.keySet().stream().map(id -> CompletableFuture
                        .supplyAsync(() -> Saga.awaitPhase(stack, id, TIMEOUT, Set.of("Deleted")), pool)).toList();
                for (CompletableFuture<String> d : deleted) {
                    d.get();
                }
            } while (Duration.ofNanos(System.nanoTime() - t0).toSeconds() < MINUTES * 60);
            kills = killer.kills();
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(bagEnds).as("how each cluster ended before its delete (a fault-free cluster ends %s)", expected)
                .containsOnly(expected);
        int leftovers = 0;
        for (var c : clusters.entrySet()) {
            Saga.assertNothingLeft(stack, c.getKey(), c.getValue());
            leftovers += Saga.leftovers(stack, c.getKey(), c.getValue()).count();
        }
        List<Entry> all = TopicHistory.read(stack.bootstrapServers(), Topics.ALL);
        for (String id : clusters.keySet()) {
            Saga.assertHistory(TopicHistory.ofCluster(all, id), id, 3, "Deleted");
        }
        long creates = stack.sandbox().stats().path("createsAccepted").asLong() - createsBefore;
        assertThat(creates).as("Linodes created: one per node, never a second one").isEqualTo(3L * clusters.size());
        for (String id : clusters.keySet()) {
            assertThat(Saga.createsOf(stack, id)).as("Linodes created for %s: one per node", id).isEqualTo(3L);
        }
        List<Entry> dead = dlqRecords(stack);
        assertThat(dead.subList((int) dlqBefore, dead.size())).as("dead letters during the chaos run").isEmpty();
        Secrets.assertNoneOnTheBus(stack);
        assertThat(kills).as("services killed").isNotEmpty();

        System.err.printf("chaos: RESULT %d clusters in %d round(s), %d kills, %d s, ends %s then Deleted,"
                + " %d creates for %d nodes, leftovers %d; kills: %s%n", clusters.size(), rounds, kills.size(),
                took.toSeconds(), bagEnds, creates, 3 * clusters.size(), leftovers, kills);
    }

    private static Map<String, String> createConcurrently(LocalStack stack, ExecutorService pool, int round)
            throws Exception {
        List<CompletableFuture<Map.Entry<String, String>>> creates = new ArrayList<>();
        for (int i = 1; i <= CLUSTERS; i++) {
            String name = "chaos" + round + "x" + i;
            // an Idempotency-Key makes a POST retried across a gateway kill create the cluster once
            String key = UUID.randomUUID().toString();
            creates.add(CompletableFuture.supplyAsync(() -> {
                String[] id = {null};
                Awaitility.await("POST " + name).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> (id[0] = stack.gateway().create(Saga.spec(name, 3), key)) != null);
                return Map.entry(id[0], name);
            }, pool));
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var c : creates) {
            var e = c.get();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    static List<Entry> dlqRecords(LocalStack stack) {
        return TopicHistory.read(stack.bootstrapServers(), Saga.DLQ_TOPICS);
    }
}
