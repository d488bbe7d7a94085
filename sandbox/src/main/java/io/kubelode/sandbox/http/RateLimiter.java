package io.kubelode.sandbox.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Fixed-window request budgets per key (token and bucket). */
public final class RateLimiter {
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * The answer for one request.
     *
     * @param reset      epoch second when the window resets
     * @param retryAfter whole seconds to wait (at least 1) when refused
     */
    public record Decision(boolean allowed, int limit, int remaining, long reset, long retryAfter) {}

    private static final class Window {
        Instant start;
        int used;
    }

    /** Takes one request from {@code key}'s budget of {@code limit} per {@code window}. */
    public synchronized Decision acquire(String key, int limit, Duration window) {
        Instant now = clock.instant();
        Window w = windows.computeIfAbsent(key, k -> new Window());
        if (w.start == null || !now.isBefore(w.start.plus(window))) {
            w.start = now;
            w.used = 0;
        }
        Instant resetAt = w.start.plus(window);
        long reset = (long) Math.ceil(resetAt.toEpochMilli() / 1000.0);
        long retryAfter = Math.max(1, (long) Math.ceil(Duration.between(now, resetAt).toMillis() / 1000.0));
        if (w.used >= limit) {
            return new Decision(false, limit, 0, reset, retryAfter);
        }
        w.used++;
        return new Decision(true, limit, limit - w.used, reset, retryAfter);
    }

    public synchronized void reset() {
        windows.clear();
    }
}
