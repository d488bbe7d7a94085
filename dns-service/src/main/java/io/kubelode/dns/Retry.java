package io.kubelode.dns;

import io.kubelode.dns.provider.DnsProviderException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Retries transient provider failures with capped exponential back-off and full jitter. */
public final class Retry {
    private static final Logger LOG = Logger.getLogger(Retry.class);
    private final int attempts;
    private final Duration base;
    private final Duration cap;

    public Retry(int attempts, Duration base, Duration cap) {
        this.attempts = Math.max(1, attempts);
        this.base = base;
        this.cap = cap;
    }

    /** Calls {@code step}; a transient failure is retried, a permanent one or the last attempt's propagates. */
    public <T> T call(String what, Supplier<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (DnsProviderException e) {
                if (!e.isTransient() || attempt >= attempts) {
                    throw e;
                }
                long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
                long pause = Math.max(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1),
                        e.retryAfter().map(Duration::toMillis).orElse(0L));
                LOG.warnf("%s failed (%s), attempt %d of %d, retrying in %d ms", what, e.reason(), attempt,
                        attempts, pause);
                try {
                    // back-off between attempts at an external system: there is no signal to wait for
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
