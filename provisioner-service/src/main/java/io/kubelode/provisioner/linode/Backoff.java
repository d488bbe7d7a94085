package io.kubelode.provisioner.linode;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential back-off with jitter: attempt n waits a random time between half and all
 * of {@code min(max, base * 2^n)}, so clients that failed together do not retry together.
 *
 * @param base        the first delay
 * @param max         the cap
 * @param maxAttempts attempts in total (the first one included)
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(20), 12);
    }

    /** The delay before attempt {@code attempt + 1}, for {@code attempt} ≥ 1 failed attempts. */
    public Duration delay(int attempt) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(30, Math.max(0, attempt - 1));
        long ceiling = Math.min(cap, exp <= 0 ? cap : exp);
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }
}
