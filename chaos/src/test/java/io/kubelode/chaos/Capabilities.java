package io.kubelode.chaos;

import io.kubelode.events.EventType;
import io.kubelode.testkit.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;

/**
 * What the sandbox can do today, found out by asking it, never assumed: whether it serves a
 * Kubernetes API per cluster (the admin endpoint {@value #KUBE_PATH}), and how far a fault-free
 * cluster gets through the layers. Cases that need more are stopped by a JUnit assumption whose
 * message says which capability is missing; they run by themselves once the sandbox has it.
 */
final class Capabilities {
    static final String KUBE_PATH = "/sandbox/kube";
    /** The saga's layers in forward order, with the event that starts each one's work. */
    static final List<String> LAYERS = List.of("provisioner", "lxc", "network", "k8s", "apps", "dns");
    private static final Map<String, EventType> INPUT = Map.of(
            "provisioner", EventType.CLUSTER_REQUESTED, "lxc", EventType.NODE_PROVISIONED,
            "network", EventType.LXC_READY, "k8s", EventType.NETWORK_ROUTED, "apps", EventType.CLUSTER_JOINED,
            "dns", EventType.APPS_DEPLOYED);
    private static volatile Boolean kube;
    private static CompletableFuture<Baseline> baseline;
    private static final ExecutorService BASELINE = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chaos-baseline");
        t.setDaemon(true);
        return t;
    });

    private Capabilities() {
    }

    /** How a fault-free cluster ended, and the layers whose input event it reached. */
    record Baseline(String clusterId, String phase, Set<String> reached, String failure) {}

    static boolean kube(LocalStack stack) {
        synchronized (KUBE_PATH) {
            if (kube == null) {
                kube = stack.sandbox().serves(KUBE_PATH);
            }
            return kube;
        }
    }

    /**
     * Starts the one fault-free cluster of the run, once, in the background (the stack starts it as
     * soon as it is up): the matrix cases run beside it, since every fault they inject is scoped to
     * their own cluster, and whoever needs its answer waits for it with {@link #baseline}.
     */
    static synchronized CompletableFuture<Baseline> startBaseline(LocalStack stack) {
        if (baseline == null) {
            baseline = CompletableFuture.supplyAsync(() -> runBaseline(stack), BASELINE);
        }
        return baseline;
    }

    /** How the fault-free cluster of this run ended (waits for it). */
    static Baseline baseline(LocalStack stack) {
        try {
            return startBaseline(stack).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the fault-free cluster is over (without waiting). */
    static boolean baselineDone() {
        CompletableFuture<Baseline> b;
        synchronized (Capabilities.class) {
            b = baseline;
        }
        return b != null && b.isDone();
    }

    private static Baseline runBaseline(LocalStack stack) {
        long t0 = System.nanoTime();
        String name = "baseline";
        String id = stack.gateway().create(Saga.spec(name, 3), null);
        String phase = Saga.awaitPhase(stack, id, Duration.ofMinutes(10), Saga.TERMINAL);
        var history = Saga.history(stack, id);
        Set<String> reached = new java.util.LinkedHashSet<>();
        for (String layer : LAYERS) {
            if (!Saga.of(history, INPUT.get(layer)).isEmpty()) {
                reached.add(layer);
            }
        }
        String failure = history.values().stream().flatMap(List::stream)
                .filter(e -> e.type() != null && (e.type().contains("failed") || e.type().contains("join-failed")))
                .map(e -> e.type() + " " + e.value()).findFirst().orElse("none");
        Baseline b = new Baseline(id, phase, reached, failure);
        System.err.println("chaos: capability baseline: a fault-free cluster ended " + phase + " in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms, reaching " + reached
                + "; first failure: " + failure);
        if (phase.equals("Ready")) {
            stack.gateway().delete(id);
            Saga.awaitPhase(stack, id, Duration.ofMinutes(5), Set.of("Deleted"));
        }
        Saga.assertNothingLeft(stack, id, name);
        return b;
    }

    /** A JUnit assumption, named for what it checks: the sandbox lets a fault-free cluster reach {@code layer}. */
    static void assumeSandboxReachesLayer(LocalStack stack, String layer) {
        Baseline b = baseline(stack);
        Assumptions.assumeTrue(b.reached().contains(layer), () -> "SANDBOX CAPABILITY MISSING: a fault-free cluster"
                + " does not reach the " + layer + " layer against this sandbox (it ends " + b.phase() + " after "
                + b.reached() + "; first failure: " + b.failure() + "). This case runs by itself once the sandbox"
                + " answers the layers below " + layer + " like real hosts.");
    }

    /** Whether a fault-free cluster ends Ready against this sandbox (else every cluster rolls back). */
    static boolean sandboxReachesReady(LocalStack stack) {
        return baseline(stack).phase().equals("Ready");
    }
}
