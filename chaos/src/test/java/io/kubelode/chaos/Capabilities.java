package io.kubelode.chaos;

import io.kubelode.events.EventType;
import io.kubelode.testkit.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static Baseline baseline;

    private Capabilities() {
    }

    /** How a fault-free cluster ended, and the layers whose input event it reached. */
    record Baseline(String clusterId, String phase, Set<String> reached, String failure) {}

    static boolean kube(LocalStack stack) {
        // not under the class lock: baseline() holds it while Awaitility asks this from another thread
        synchronized (KUBE_PATH) {
            if (kube == null) {
                kube = stack.sandbox().serves(KUBE_PATH);
            }
            return kube;
        }
    }

    /** One fault-free cluster, once per run: the layers it reaches are the layers faults can be injected into. */
    static synchronized Baseline baseline(LocalStack stack) {
        if (baseline == null) {
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
            baseline = new Baseline(id, phase, reached, failure);
            System.err.println("chaos: capability baseline: a fault-free cluster ended " + phase + ", reaching "
                    + reached + "; first failure: " + failure);
            if (phase.equals("Ready")) {
                stack.gateway().delete(id);
                Saga.awaitPhase(stack, id, Duration.ofMinutes(5), Set.of("Deleted"));
            }
            Saga.assertNothingLeft(stack, id, name);
        }
        return baseline;
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
