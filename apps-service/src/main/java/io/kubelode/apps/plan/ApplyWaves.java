package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits the objects of a deploy into waves that may each be applied concurrently, in the order a
 * real API server needs them: what everything lives in or is defined by (namespaces, CRDs) first,
 * then what workloads use (classes, accounts, roles, config), then what refers to those (bindings,
 * claims, services), then the workloads, then what routes to them (ingresses) and, last, any kind
 * not named here (custom resources, whose CRD an earlier wave made). Inside a wave the plan's order
 * is kept, so a wave's results read like the sequential apply did.
 */
public final class ApplyWaves {
    private static final Map<String, Integer> WAVE = Map.ofEntries(
            Map.entry("Namespace", 0), Map.entry("CustomResourceDefinition", 0),
            Map.entry("StorageClass", 1), Map.entry("IngressClass", 1), Map.entry("PriorityClass", 1),
            Map.entry("ClusterRole", 1), Map.entry("ServiceAccount", 1), Map.entry("Role", 1),
            Map.entry("ConfigMap", 1), Map.entry("Secret", 1),
            Map.entry("ClusterRoleBinding", 2), Map.entry("RoleBinding", 2),
            Map.entry("PersistentVolumeClaim", 2), Map.entry("Service", 2), Map.entry("PodDisruptionBudget", 2),
            Map.entry("Deployment", 3), Map.entry("StatefulSet", 3), Map.entry("DaemonSet", 3),
            Map.entry("Job", 3), Map.entry("CronJob", 3), Map.entry("Pod", 3),
            Map.entry("Ingress", 4));
    /** The wave of a kind not named above. */
    static final int OTHER = 5;

    private ApplyWaves() {
    }

    /** The wave of an object's kind (0 first). */
    public static int wave(HasMetadata object) {
        return WAVE.getOrDefault(object.getKind(), OTHER);
    }

    /** The non-empty waves of {@code objects}, first to last, each in the given order. */
    public static List<List<HasMetadata>> of(List<? extends HasMetadata> objects) {
        List<List<HasMetadata>> waves = new ArrayList<>();
        for (int w = 0; w <= OTHER; w++) {
            int wave = w;
            List<HasMetadata> these = objects.stream().filter(o -> wave(o) == wave).map(o -> (HasMetadata) o)
                    .toList();
            if (!these.isEmpty()) {
                waves.add(these);
            }
        }
        return waves;
    }
}
