package io.kubelode.apps;

import io.kubelode.apps.kube.ClusterApi;
import io.kubelode.apps.kube.ClusterApiException;
import io.kubelode.apps.kube.ObjectResult;
import io.kubelode.apps.plan.AppPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Ensures every object of a plan, retrying transient API errors and failing at once on permanent ones. */
final class Reconciler {
    private final int attempts;
    private final Duration firstRetry;

    Reconciler(int attempts, Duration firstRetry) {
        this.attempts = attempts;
        this.firstRetry = firstRetry;
    }

    List<ObjectResult> apply(ClusterApi api, AppPlan plan) {
        List<ObjectResult> results = new ArrayList<>();
        plan.objects().forEach(o -> results.add(retrying(() -> api.apply(o))));
        return results;
    }

    <T> T retrying(Supplier<T> call) {
        Backoff backoff = new Backoff(firstRetry, firstRetry.multipliedBy(16));
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ClusterApiException e) {
                if (!e.isTransient()) {
                    throw new AppsFailure(Reasons.APPLY_REJECTED, e.getMessage(), false, null);
                }
                if (attempt >= attempts) {
                    throw new AppsFailure(Reasons.API_UNREACHABLE, e.getMessage() + " (after " + attempt
                            + " attempts)", true, null);
                }
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AppsFailure(Reasons.API_UNREACHABLE, "interrupted while retrying", true, null);
                }
            }
        }
    }
}
