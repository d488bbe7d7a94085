package io.kubelode.apps;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential back-off with jitter, for polling and for retrying transient API errors. */
public final class Backoff {
    private final long maxMillis;
    private long nextMillis;

    public Backoff(Duration first, Duration max) {
        this.nextMillis = first.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** Waits the current delay (with up to 20 % jitter) and doubles it, up to the cap. */
    public void pause() throws InterruptedException {
        long jitter = ThreadLocalRandom.current().nextLong(nextMillis / 5 + 1);
        Thread.sleep(nextMillis + jitter);
        nextMillis = Math.min(maxMillis, nextMillis * 2);
    }
}
