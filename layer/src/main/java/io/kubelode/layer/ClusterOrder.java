package io.kubelode.layer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One cluster's steps one after another, without a thread waiting: a step starts when the cluster's step
 * before it has completed (failed or not); other clusters' steps are not held up.
 */
final class ClusterOrder {
    private final Map<String, CompletableFuture<?>> tails = new HashMap<>();

    <T> CompletableFuture<T> run(String clusterId, Supplier<? extends CompletionStage<T>> step) {
        synchronized (tails) {
            CompletableFuture<?> previous = tails.get(clusterId);
            CompletableFuture<Void> turn = previous == null ? CompletableFuture.completedFuture(null)
                    : previous.handle((x, e) -> null);
            CompletableFuture<T> next = turn.thenCompose(x -> step.get());
            tails.put(clusterId, next);
            next.whenComplete((x, e) -> {
                synchronized (tails) {
                    tails.remove(clusterId, next);
                }
            });
            return next;
        }
    }
}
