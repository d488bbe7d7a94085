package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Stands in for the controllers and kubelets of a cluster: a Deployment, StatefulSet or DaemonSet
 * that is not ready for its current generation becomes ready (status written through the
 * {@code /status} subresource) once it has waited the ready delay, unless a never-ready fault
 * matches it. A DaemonSet is scheduled on every Ready node whose NoSchedule taints its pods
 * tolerate and whose labels its node selector matches (so not on control planes unless it
 * tolerates kubeadm's taint), and is never ready on a cluster without such a node. One {@link #sweep()} observes every workload once.
 */
final class WorkloadController {
    private final KubernetesClient client;
    private final Duration delay;
    private final BiPredicate<String, String> neverReady;
    /** Workload state (kind/namespace/name/generation/desired) → when first seen not ready, in nanos. */
    private final Map<String, Long> waiting = new HashMap<>();

    /** @param neverReady (namespace, name) → whether a fault keeps it from ever becoming ready */
    WorkloadController(KubernetesClient client, Duration delay, BiPredicate<String, String> neverReady) {
        this.client = client;
        this.delay = delay;
        this.neverReady = neverReady;
    }

    /** One round; answers the host ports each node's ready DaemonSet pods hold (node name → ports). */
    synchronized Map<String, Set<Integer>> sweep() {
        Set<String> seen = new HashSet<>();
        Map<String, Set<Integer>> hostPorts = new HashMap<>();
        for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
            int want = Objects.requireNonNullElse(d.getSpec() == null ? null : d.getSpec().getReplicas(), 1);
            var s = d.getStatus();
            boolean ready = s != null && n(s.getObservedGeneration()) >= generation(d)
                    && n(s.getUpdatedReplicas()) >= want && n(s.getReadyReplicas()) >= want
                    && n(s.getAvailableReplicas()) >= want;
            if (!ready && due(d, want, seen)) {
                d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation(d)).withReplicas(want)
                        .withUpdatedReplicas(want).withReadyReplicas(want).withAvailableReplicas(want)
                        .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                        .endCondition().addNewCondition().withType("Progressing").withStatus("True")
                        .withReason("NewReplicaSetAvailable").endCondition().build());
                write(() -> client.apps().deployments().inNamespace(ns(d)).resource(d).updateStatus());
            }
        }
        for (StatefulSet st : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
            int want = Objects.requireNonNullElse(st.getSpec() == null ? null : st.getSpec().getReplicas(), 1);
            var s = st.getStatus();
            boolean ready = s != null && n(s.getObservedGeneration()) >= generation(st) && n(s.getReadyReplicas()) >= want;
            if (!ready && due(st, want, seen)) {
                st.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(generation(st)).withReplicas(want)
                        .withReadyReplicas(want).withCurrentReplicas(want).withUpdatedReplicas(want)
                        .withAvailableReplicas(want).build());
                write(() -> client.apps().statefulSets().inNamespace(ns(st)).resource(st).updateStatus());
            }
        }
        List<Node> nodes = client.nodes().list().getItems();
        for (DaemonSet ds : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
            PodSpec pod = ds.getSpec() == null || ds.getSpec().getTemplate() == null ? null
                    : ds.getSpec().getTemplate().getSpec();
            List<String> on = scheduledOn(nodes, pod);
            int desired = on.size();
            var s = ds.getStatus();
            boolean ready = s != null && n(s.getObservedGeneration()) >= generation(ds) && desired > 0
                    && n(s.getDesiredNumberScheduled()) == desired && n(s.getNumberReady()) >= desired
                    && n(s.getUpdatedNumberScheduled()) >= desired;
            if (!ready && desired > 0 && due(ds, desired, seen)) {
                ds.setStatus(new DaemonSetStatusBuilder().withObservedGeneration(generation(ds))
                        .withDesiredNumberScheduled(desired).withCurrentNumberScheduled(desired)
                        .withUpdatedNumberScheduled(desired).withNumberReady(desired).withNumberAvailable(desired)
                        .withNumberMisscheduled(0).build());
                write(() -> client.apps().daemonSets().inNamespace(ns(ds)).resource(ds).updateStatus());
            } else if (ready && pod != null && pod.getContainers() != null) {
                for (var container : pod.getContainers()) {
                    for (var port : container.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.ContainerPort>of()
                            : container.getPorts()) {
                        if (port.getHostPort() != null && port.getHostPort() > 0
                                && (port.getProtocol() == null || "TCP".equals(port.getProtocol()))) {
                            on.forEach(node -> hostPorts.computeIfAbsent(node, k -> new HashSet<>()).add(port.getHostPort()));
                        }
                    }
                }
            }
        }
        waiting.keySet().retainAll(seen);
        return hostPorts;
    }

    /** Whether the last sweep left a workload waiting (so the next round should come soon). */
    synchronized boolean pending() {
        return !waiting.isEmpty();
    }

    /** Whether a not-ready workload has waited long enough (and no fault holds it back). */
    private boolean due(HasMetadata w, int desired, Set<String> seen) {
        String key = w.getKind() + "/" + ns(w) + "/" + w.getMetadata().getName() + "/" + generation(w) + "/" + desired;
        seen.add(key);
        long now = System.nanoTime();
        long since = waiting.computeIfAbsent(key, k -> now);
        return now - since >= delay.toNanos() && !neverReady.test(ns(w), w.getMetadata().getName());
    }

    /** The Ready nodes a DaemonSet's pod fits: its node selector matches, it tolerates their NoSchedule taints. */
    private static List<String> scheduledOn(List<Node> nodes, PodSpec pod) {
        List<Toleration> tolerations = pod == null || pod.getTolerations() == null ? List.of() : pod.getTolerations();
        Map<String, String> selector = pod == null || pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector();
        List<String> on = new java.util.ArrayList<>();
        for (Node node : nodes) {
            boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                    : node.getSpec().getTaints();
            boolean tolerated = taints.stream().filter(t -> !"PreferNoSchedule".equals(t.getEffect()))
                    .allMatch(t -> tolerations.stream().anyMatch(tol -> tolerates(tol, t)));
            Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
            boolean selected = selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
            if (ready && tolerated && selected) {
                on.add(node.getMetadata().getName());
            }
        }
        return on;
    }

    private static boolean tolerates(Toleration tol, Taint taint) {
        boolean effect = tol.getEffect() == null || tol.getEffect().isEmpty() || tol.getEffect().equals(taint.getEffect());
        if (!effect) {
            return false;
        }
        if (tol.getKey() == null || tol.getKey().isEmpty()) {
            return "Exists".equals(tol.getOperator());
        }
        if (!tol.getKey().equals(taint.getKey())) {
            return false;
        }
        return "Exists".equals(tol.getOperator())
                || Objects.equals(Objects.requireNonNullElse(tol.getValue(), ""),
                Objects.requireNonNullElse(taint.getValue(), ""));
    }

    private static void write(Runnable update) {
        try {
            update.run();
        } catch (KubernetesClientException e) {
            // changed meanwhile (409): the next sweep sees the new generation
        }
    }

    private static long generation(HasMetadata w) {
        Long g = w.getMetadata().getGeneration();
        return g == null ? 1 : g;
    }

    private static String ns(HasMetadata w) {
        return w.getMetadata().getNamespace();
    }

    private static long n(Number value) {
        return value == null ? 0 : value.longValue();
    }
}
