package io.kubelode.support.saga;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One cluster's steps one after another, different clusters' steps side by side: a step starts
 * on the executor once every earlier step of the same cluster has finished (failed or not). A
 * layer's forward step and its compensation thus never overlap, and the compensation sees what
 * the forward step left.
 */
public final class PerCluster {
    private final Executor executor;
    private final Map<String, CompletableFuture<?>> tails = new HashMap<>();

    public PerCluster(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code step} after the cluster's earlier steps; completes with its result. */
    public <T> CompletableFuture<T> run(String clusterId, Supplier<T> step) {
        synchronized (tails) {
            CompletableFuture<?> previous = tails.get(clusterId);
            CompletableFuture<?> after = previous == null ? CompletableFuture.completedFuture(null)
                    : previous.handle((x, e) -> null);
            CompletableFuture<T> next = after.thenApplyAsync(x -> step.get(), executor);
            tails.put(clusterId, next);
            next.whenComplete((x, e) -> {
                synchronized (tails) {
                    tails.remove(clusterId, next);
                }
            });
            return next;
        }
    }

    /** {@link #run(String, Supplier)} for a step without a result. */
    public CompletableFuture<Void> run(String clusterId, Runnable step) {
        return run(clusterId, () -> {
            step.run();
            return null;
        });
    }
}
