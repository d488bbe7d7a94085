package io.kubelode.layer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one retry policy of the layers: up to {@code attempts} runs of a step, with one back-off between
 * them: {@code min(cap, base × 2^(n−1))} after the n-th failure, half of it fixed and half random (so
 * the nodes of a cluster do not retry in step). Only failures the caller calls transient are retried;
 * the last failure, or the first that is not transient, is thrown as it is. An interrupt during a pause
 * ends the retries: the failure stands, and the thread keeps its interrupt.
 */
public record Retry(int attempts, Duration base, Duration cap) {
    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** The pause after the {@code failed}-th failed attempt, before its jitter. */
    public Duration pause(int failed) {
        long ms = base.toMillis() << Math.min(failed - 1, 30);
        return Duration.ofMillis(Math.min(cap.toMillis(), ms < 0 ? Long.MAX_VALUE : ms));
    }

    /**
     * Runs {@code step} until it returns, a failure is not {@code transientFailure}, or the attempts are
     * used up. {@code onRetry} hears each failure that is retried, with its attempt's number (for a log line).
     */
    public <T> T run(Supplier<T> step, Predicate<RuntimeException> transientFailure,
                     BiConsumer<Integer, RuntimeException> onRetry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !transientFailure.test(e)) {
                    throw e;
                }
                onRetry.accept(attempt, e);
                long ms = pause(attempt).toMillis();
                try {
                    Thread.sleep(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
