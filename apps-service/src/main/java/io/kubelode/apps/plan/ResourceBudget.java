package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the plan asks of the nodes in steady state: per workload, its replicas times the pod's
 * effective request (the larger of its containers' sum and its largest init container, as the
 * scheduler counts it). Backup jobs run one at a time at night and are counted apart.
 */
public final class ResourceBudget {

    /** One workload's demand; memory in MiB, CPU in millicores. */
    public record Line(String app, String workload, int pods, long cpuRequestMilli, long memoryRequestMiB,
                       long memoryLimitMiB) {
    }

    private ResourceBudget() {
    }

    public static List<Line> of(List<AppPlan> plans, int workerNodes) {
        List<Line> lines = new ArrayList<>();
        for (AppPlan plan : plans) {
            for (HasMetadata o : plan.objects()) {
                PodSpec pod = null;
                int pods = 0;
                if (o instanceof Deployment d) {
                    pod = d.getSpec().getTemplate().getSpec();
                    pods = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
                } else if (o instanceof StatefulSet s) {
                    pod = s.getSpec().getTemplate().getSpec();
                    pods = Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
                } else if (o instanceof DaemonSet ds) {
                    pod = ds.getSpec().getTemplate().getSpec();
                    pods = workerNodes;
                }
                if (pod != null) {
                    lines.add(new Line(plan.name(), o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                            + o.getMetadata().getName(), pods, pods * effective(pod, "requests", "cpu", true),
                            pods * effective(pod, "requests", "memory", false),
                            pods * effective(pod, "limits", "memory", false)));
                }
            }
        }
        return lines;
    }

    /** The largest single pod of the plan's CronJobs (backups), by memory request in MiB. */
    public static long largestJobMemoryMiB(List<AppPlan> plans) {
        return plans.stream().flatMap(p -> p.objects().stream())
                .filter(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class::isInstance)
                .map(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class::cast)
                .mapToLong(c -> effective(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(), "requests",
                        "memory", false))
                .max().orElse(0);
    }

    static long effective(PodSpec pod, String kind, String resource, boolean milli) {
        long sum = pod.getContainers().stream().mapToLong(c -> amount(c, kind, resource, milli)).sum();
        long init = pod.getInitContainers() == null ? 0
                : pod.getInitContainers().stream().mapToLong(c -> amount(c, kind, resource, milli)).max().orElse(0);
        return Math.max(sum, init);
    }

    private static long amount(Container c, String kind, String resource, boolean milli) {
        if (c.getResources() == null) {
            return 0;
        }
        Map<String, Quantity> m = "limits".equals(kind) ? c.getResources().getLimits() : c.getResources().getRequests();
        Quantity q = m == null ? null : m.get(resource);
        if (q == null) {
            return 0;
        }
        BigDecimal bytesOrCores = q.getNumericalAmount();
        return milli ? bytesOrCores.movePointRight(3).longValue()
                : bytesOrCores.divide(BigDecimal.valueOf(1024L * 1024L)).longValue();
    }
}
