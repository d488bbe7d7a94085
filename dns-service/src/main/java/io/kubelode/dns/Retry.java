package io.kubelode.dns;

import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.FailureReason;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries transient provider failures with capped exponential back-off and full jitter. A rate
 * limit answer (HTTP 429) is not a failure of the step: it is waited out as the
 * server asks and does not use up an attempt, within {@link #DEFAULT_RATE_LIMIT_BUDGET} of such
 * waits per call (a storm of 429s longer than the attempts must not roll a cluster back).
 */
public final class Retry {
    /** How long one call may wait out rate limits in total before it gives up. */
    public static final Duration DEFAULT_RATE_LIMIT_BUDGET = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(Retry.class);
    private final int attempts;
    private final Duration base;
    private final Duration cap;
    private final Duration rateLimitBudget;
    private final Sleeper sleeper;

    /** Pauses between attempts (a seam for tests). */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public Retry(int attempts, Duration base, Duration cap) {
        this(attempts, base, cap, DEFAULT_RATE_LIMIT_BUDGET, Thread::sleep);
    }

    Retry(int attempts, Duration base, Duration cap, Duration rateLimitBudget, Sleeper sleeper) {
        this.attempts = Math.max(1, attempts);
        this.base = base;
        this.cap = cap;
        this.rateLimitBudget = rateLimitBudget;
        this.sleeper = sleeper;
    }

    /** Calls {@code step}; a transient failure is retried, a permanent one or the last attempt's propagates. */
    public <T> T call(String what, Supplier<T> step) {
        long rateLimitWaited = 0;
        for (int attempt = 1; ; ) {
            try {
                return step.get();
            } catch (DnsProviderException e) {
                boolean rateLimited = e.reason() == FailureReason.LINODE_RATE_LIMITED;
                if (!e.isTransient() || (!rateLimited && attempt >= attempts)
                        || (rateLimited && rateLimitWaited >= rateLimitBudget.toMillis())) {
                    throw e;
                }
                long pause;
                if (rateLimited) {
                    pause = e.retryAfter().orElse(Duration.ofSeconds(1)).toMillis()
                            + ThreadLocalRandom.current().nextLong(0, 250);
                    rateLimitWaited += pause;
                    LOG.warnf("%s rate limited, waiting %d ms as asked (attempt %d of %d kept)", what, pause,
                            attempt, attempts);
                } else {
                    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
                    pause = Math.max(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1),
                            e.retryAfter().map(Duration::toMillis).orElse(0L));
                    LOG.warnf("%s failed (%s), attempt %d of %d, retrying in %d ms", what, e.reason(), attempt,
                            attempts, pause);
                    attempt++;
                }
                try {
                    // back-off between attempts at an external system: there is no signal to wait for
                    sleeper.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
