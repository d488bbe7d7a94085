package io.kubelode.apps;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubelode.apps.kube.ClusterApi;
import io.kubelode.apps.kube.ClusterApiException;
import io.kubelode.apps.kube.ObjectResult;
import io.kubelode.apps.kube.Outcome;
import io.kubelode.apps.kube.Readiness;
import io.kubelode.apps.plan.AppPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits, by back-off polling (0.1 s doubling to 5 s by default), until every workload of a plan is ready or
 * the deadline passes; a transient API error just counts as "not yet".
 */
final class ReadinessWaiter {
    private final Duration firstPoll;
    private final Duration maxPoll;

    ReadinessWaiter(Duration firstPoll, Duration maxPoll) {
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
    }

    /** The workloads still not ready at the deadline, as {@code Kind ns/name}; empty when all are ready. */
    List<String> await(ClusterApi api, AppPlan plan, Duration timeout) throws InterruptedException {
        List<HasMetadata> pending = new ArrayList<>(plan.objects().stream().filter(ReadinessWaiter::workload)
                .toList());
        long deadline = System.nanoTime() + timeout.toNanos();
        Backoff backoff = new Backoff(firstPoll, maxPoll);
        while (true) {
            pending.removeIf(w -> ready(api, w));
            if (pending.isEmpty() || System.nanoTime() >= deadline) {
                return pending.stream().map(w -> ObjectResult.of(w, Outcome.NOOP).ref()).toList();
            }
            backoff.pause();
        }
    }

    private static boolean ready(ClusterApi api, HasMetadata workload) {
        try {
            return api.readiness(workload) == Readiness.READY;
        } catch (ClusterApiException e) {
            if (e.isTransient()) {
                return false;
            }
            throw e;
        }
    }

    static boolean workload(HasMetadata o) {
        return o instanceof Deployment || o instanceof StatefulSet || o instanceof DaemonSet;
    }
}
