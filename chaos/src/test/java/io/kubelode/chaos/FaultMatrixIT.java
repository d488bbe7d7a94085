package io.kubelode.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.EventType;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each layer x {its step fails, a Linode API 5xx storm, a 429 storm, a slow host} against the
 * sandbox, every service its own process on a real broker. Every case ends Ready or RolledBack
 * as the gateway reports it; a rolled-back cluster leaves no instance, DNS record or Kubernetes
 * object in the sandbox, and its history is complete and ordered.
 *
 * <p>A storm or a slow host is transient: the cluster must end exactly as a fault-free one does
 * (see {@link Capabilities#baseline}), and the stormed layer never reports a failure. A failed
 * step is permanent: the cluster ends RolledBack with that layer's failure event. A storm "in a
 * layer" is switched on when that layer's input event for the cluster is on the bus, so it hits
 * the layer's work and every compensation that follows.
 *
 * <p>Every case runs at once, beside the fault-free baseline cluster: each fault is scoped to its
 * own case's cluster, so no case disturbs another. Storms are scoped to the cluster's id (its
 * instances and every API call about them) and its domain (every DNS call about it); slow hosts and
 * failed host scripts to its instances by label; the dns step failure to its domain. The one fault
 * the sandbox cannot scope to a cluster, a workload that never gets ready (apps), is scoped by app:
 * only that case's cluster deploys the blog.
 */
class FaultMatrixIT {
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(Long.getLong("chaos.caseTimeoutSeconds", 420));
    private static final int PARALLEL = Integer.getInteger("chaos.matrixParallel", 24);
    private static final Map<String, EventType> INPUT = Map.of(
            "provisioner", EventType.CLUSTER_REQUESTED, "lxc", EventType.NODE_PROVISIONED,
            "network", EventType.LXC_READY, "k8s", EventType.NETWORK_ROUTED, "apps", EventType.CLUSTER_JOINED,
            "dns", EventType.APPS_DEPLOYED);
    private static final Map<String, EventType> FAILURE = Map.of(
            "provisioner", EventType.NODE_PROVISION_FAILED, "lxc", EventType.LXC_FAILED,
            "network", EventType.NETWORK_FAILED, "k8s", EventType.CLUSTER_JOIN_FAILED, "apps", EventType.APPS_FAILED,
            "dns", EventType.DNS_FAILED);
    /** The declared name of a forward host script of each layer (fail-commands: regex on it); never a compensation's. */
    private static final Map<String, String> SCRIPT = Map.of(
            "lxc", "^lxd-containers\\.sh$", "network", "^mesh-apply\\.sh$", "k8s", "^init\\.sh$");
    /**
     * Answers of a storm, all of them to the case's own cluster: fewer than the smallest budget of
     * attempts a layer gives one step before a transient failure counts as a failure (dns-service:
     * {@code kubelode.dns.retry.attempts}, 5), so a storm stays transient by kubelode's own
     * definition; a fault that outlasts the budget is a failed step, which STEP_FAILS covers.
     * (Before storms were scoped, 6 answers were shared by every cluster running at the time.)
     */
    private static final int STORM_ANSWERS = 4;
    /** The app of the apps step-failure case, which no other cluster of the module deploys (see the class comment). */
    private static final String NEVER_READY_APP = "blog";

    enum Fault { STEP_FAILS, API_5XX_STORM, API_429_STORM, SLOW_HOST }

    /** How one case ended. */
    record Outcome(String id, String name, String phase, Map<String, List<Entry>> history, long faultsInjected) {}

    private static final Map<String, CompletableFuture<Outcome>> RUNS = new ConcurrentHashMap<>();
    private static ExecutorService pool;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String layer : Capabilities.LAYERS) {
            for (Fault f : Fault.values()) {
                out.add(Arguments.of(layer, f));
            }
        }
        return out.stream();
    }

    /**
     * Starts every case at once (at most PARALLEL), beside the baseline. A case of a layer the
     * baseline turns out not to reach runs too, but its test is stopped by the assumption.
     */
    private static synchronized void startAll(LocalStack stack) {
        if (pool != null) {
            return;
        }
        Capabilities.startBaseline(stack);
        pool = Executors.newFixedThreadPool(PARALLEL);
        for (String layer : Capabilities.LAYERS) {
            for (Fault f : Fault.values()) {
                RUNS.put(layer + f, CompletableFuture.supplyAsync(() -> run(stack, layer, f), pool));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.shutdownNow();
            System.err.println("chaos: matrix over; sandbox stats: " + ChaosStack.get().sandbox().stats());
            ChaosStack.get().sandbox().clearFaults();
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cases")
    void endsReadyOrRolledBackWithNothingLeft(String layer, Fault fault) throws Exception {
        LocalStack stack = ChaosStack.get();
        startAll(stack);
        Capabilities.assumeSandboxReachesLayer(stack, layer);
        Outcome o = RUNS.get(layer + fault).get();
        String desc = "history of " + o.id() + ":\n" + Saga.describe(o.history());

        if (fault == Fault.STEP_FAILS) {
            assertThat(o.phase()).as(desc).isEqualTo("RolledBack");
            assertThat(Saga.of(o.history(), FAILURE.get(layer))).as("the failure of the %s layer; %s", layer, desc)
                    .isNotEmpty();
        } else {
            assertThat(o.phase()).as("a transient fault ends as a fault-free cluster does; " + desc)
                    .isEqualTo(Capabilities.baseline(stack).phase());
            assertThat(Saga.of(o.history(), FAILURE.get(layer))).as("a transient fault never fails the %s layer; %s",
                    layer, desc).isEmpty();
            assertThat(Saga.of(o.history(), EventType.NODE_PROVISION_FAILED)).as(desc).isEmpty();
        }
        String end = o.phase().equals("Ready") ? "Deleted" : o.phase();
        Saga.assertNothingLeft(stack, o.id(), o.name());
        Saga.assertHistory(Saga.history(stack, o.id()), o.id(), 3, end);
    }

    /** One case: inject, create, wait for the end; a Ready cluster is deleted again. */
    private static Outcome run(LocalStack stack, String layer, Fault fault) {
        String name = "m" + layer.substring(0, 3) + fault.name().toLowerCase().replace("_", "").substring(0, 6);
        List<Long> faultIds = new ArrayList<>();
        if (fault == Fault.SLOW_HOST || fault == Fault.STEP_FAILS) {
            // scoped by label, domain or app: before the request
            faultIds.add(inject(stack, layer, fault, name, null).path("id").asLong(-1));
        }
        String app = layer.equals("apps") && fault == Fault.STEP_FAILS ? NEVER_READY_APP : "web";
        String id = stack.gateway().create(Saga.spec(name, 3, app), null);
        long faultsBefore = stack.sandbox().stats().path("faultsInjected").asLong();
        if (fault == Fault.API_5XX_STORM || fault == Fault.API_429_STORM) {
            Awaitility.await(layer + " input for " + id).atMost(CASE_TIMEOUT).pollInterval(Duration.ofMillis(400))
                    .until(() -> !Saga.of(Saga.recentHistory(stack, id), INPUT.get(layer)).isEmpty()
                            || Saga.TERMINAL.contains(Saga.phase(stack, id)));
            faultIds.add(inject(stack, layer, fault, name, id).path("id").asLong(-1));
        }
        String phase;
        try {
            phase = Saga.awaitPhase(stack, id, CASE_TIMEOUT, Set.of("Ready", "RolledBack", "Failed"));
        } finally {
            if (fault == Fault.STEP_FAILS) {
                // a failed step stays in force until its cluster is rolled back; then it goes
                faultIds.stream().filter(f -> f >= 0).forEach(stack.sandbox()::removeFault);
            }
        }
        long injected = stack.sandbox().stats().path("faultsInjected").asLong() - faultsBefore;
        var history = Saga.history(stack, id);
        System.err.printf("chaos: matrix %s x %s: %s (%s), faults injected meanwhile (all clusters): %d%n", layer,
                fault, phase, id, injected);
        if (phase.equals("Ready")) {
            stack.gateway().delete(id);
            Saga.awaitPhase(stack, id, CASE_TIMEOUT, Set.of("Deleted"));
        }
        return new Outcome(id, name, phase, history, injected);
    }

    /** Injects the case's fault, scoped to its cluster ({@code id}, once known; its name's labels and domain). */
    private static com.fasterxml.jackson.databind.JsonNode inject(LocalStack stack, String layer, Fault fault,
                                                                  String name, String id) {
        Map<String, Object> spec = new HashMap<>();
        switch (fault) {
            case STEP_FAILS -> {
                switch (layer) {
                    case "provisioner" -> {
                        spec.put("type", "fail-creates");
                        spec.put("label_pattern", name + "-.*-2");
                        spec.put("status", 400);
                        spec.put("reason", "chaos: no capacity for this node");
                    }
                    case "dns" -> {
                        spec.put("type", "server-errors");
                        spec.put("domain", Saga.domainOf(name));
                        spec.put("path_pattern", "^/domains");
                        spec.put("method", "POST");
                        spec.put("status", 400);
                        spec.put("reason", "chaos: domain refused");
                    }
                    case "apps" -> {
                        spec.put("type", "never-ready");
                        spec.put("name_pattern", NEVER_READY_APP + "/.*");
                    }
                    default -> {
                        spec.put("type", "fail-commands");
                        spec.put("label_pattern", name + "-.*");
                        spec.put("command_pattern", SCRIPT.get(layer));
                        spec.put("exit_status", 1);
                        spec.put("stderr", "chaos: the " + layer + " step failed");
                    }
                }
            }
            case API_5XX_STORM -> {
                spec.put("type", "server-errors");
                spec.put("cluster", id);
                spec.put("domain", Saga.domainOf(name));
                spec.put("status", 503);
                spec.put("count", STORM_ANSWERS);
                spec.put("duration_ms", 30_000);
            }
            case API_429_STORM -> {
                spec.put("type", "rate-limit");
                spec.put("cluster", id);
                spec.put("domain", Saga.domainOf(name));
                spec.put("retry_after", 1);
                spec.put("count", STORM_ANSWERS);
                spec.put("duration_ms", 30_000);
            }
            case SLOW_HOST -> {
                spec.put("type", "slow-boot");
                spec.put("label_pattern", name + "-.*-2");
                spec.put("delay_ms", 6000);
            }
        }
        return stack.sandbox().fault(spec);
    }
}
