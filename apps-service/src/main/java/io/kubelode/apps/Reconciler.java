package io.kubelode.apps;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelode.apps.kube.ClusterApi;
import io.kubelode.apps.kube.ClusterApiException;
import io.kubelode.apps.kube.ObjectResult;
import io.kubelode.apps.plan.AppPlan;
import io.kubelode.apps.plan.ApplyWaves;
import io.kubelode.events.FailureReason;
import io.kubelode.layer.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Ensures every object of a plan, retrying transient API errors and failing at once on permanent ones. */
final class Reconciler {
    /**
     * How many objects of one cluster are applied at once: below the Fabric8 client's default of 5
     * connections per host, so an apply never waits for a pooled connection (which counts against the
     * connection timeout), and little enough for a hundred clusters applying at the same time.
     */
    static final int IN_FLIGHT = 4;
    private final Retry retry;

    Reconciler(int attempts, Duration firstRetry) {
        this.retry = new Retry(attempts, firstRetry, firstRetry.multipliedBy(16));
    }

    List<ObjectResult> apply(ClusterApi api, AppPlan plan) {
        List<ObjectResult> results = new ArrayList<>();
        plan.objects().forEach(o -> results.add(retrying(() -> api.apply(o))));
        return results;
    }

    /**
     * Applies the objects wave by wave ({@link ApplyWaves}): a wave starts once every object of the
     * one before is applied; inside a wave up to {@link #IN_FLIGHT} objects are applied at once on
     * {@code pool}. Answers the results in wave order (inside a wave, the given order). A permanent
     * failure, or transient ones that outlast the attempts, fail the deploy after the wave's other
     * objects are done, so nothing of the cluster is still being written when the failure is reported;
     * the first failing object in the given order is the one reported.
     */
    List<ObjectResult> applyInWaves(ClusterApi api, List<HasMetadata> objects, Executor pool) {
        List<ObjectResult> results = new ArrayList<>();
        for (List<HasMetadata> wave : ApplyWaves.of(objects)) {
            results.addAll(applyConcurrently(api, wave, pool));
        }
        return results;
    }

    private List<ObjectResult> applyConcurrently(ClusterApi api, List<HasMetadata> wave, Executor pool) {
        if (wave.size() == 1) {
            return List.of(retrying(() -> api.apply(wave.get(0))));
        }
        ObjectResult[] results = new ObjectResult[wave.size()];
        RuntimeException[] failures = new RuntimeException[wave.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable lane = () -> {
            for (int i = next.getAndIncrement(); i < wave.size(); i = next.getAndIncrement()) {
                HasMetadata o = wave.get(i);
                try {
                    results[i] = retrying(() -> api.apply(o));
                } catch (RuntimeException e) {
                    failures[i] = e;
                }
            }
        };
        int lanes = Math.min(IN_FLIGHT, wave.size());
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int l = 1; l < lanes; l++) {
            running.add(CompletableFuture.runAsync(lane, pool));
        }
        lane.run(); // the calling thread is one lane
        running.forEach(CompletableFuture::join);
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        return List.of(results);
    }

    <T> T retrying(Supplier<T> call) {
        try {
            return retry.run(call, e -> e instanceof ClusterApiException c && c.isTransient(), (attempt, e) -> { });
        } catch (ClusterApiException e) {
            if (!e.isTransient()) {
                throw new AppsFailure(FailureReason.APPLY_REJECTED, e.getMessage(), false, null);
            }
            throw new AppsFailure(FailureReason.API_UNREACHABLE, e.getMessage() + " (after " + retry.attempts()
                    + " attempts)", true, null);
        }
    }
}
