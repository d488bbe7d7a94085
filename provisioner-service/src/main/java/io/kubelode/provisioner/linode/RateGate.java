package io.kubelode.provisioner.linode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What Linode said about its limits, shared by every caller of one token: a pause until a
 * {@code Retry-After} or {@code X-RateLimit-Reset} instant, and, for instance creation, a
 * sliding window of at most {@code limit} attempts per {@code window}. Callers block in
 * {@link #awaitTurn} on their own (worker) thread; nothing polls.
 */
public final class RateGate {
    private final Clock clock;
    private final int limit;
    private final Duration window;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private Instant pausedUntil = Instant.EPOCH;
    /** Longest wait between two looks at a waiting caller's cancellation. */
    static final long CANCEL_CHECK_MS = 100;

    /**
     * @param limit  attempts per window ({@code Integer.MAX_VALUE} for no window)
     * @param window the window length, which should include a margin for network delay
     */
    public RateGate(Clock clock, int limit, Duration window) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    /** Blocks until a request may go out, then counts it. */
    public synchronized void awaitTurn() throws InterruptedException {
        awaitTurn(() -> false);
    }

    /**
     * Blocks until a request may go out and counts it, or until {@code cancelled} says the request is
     * no longer wanted (checked at least every {@value #CANCEL_CHECK_MS} ms while waiting): then
     * returns false and counts nothing, so the slot goes to the next caller.
     */
    public synchronized boolean awaitTurn(java.util.function.BooleanSupplier cancelled) throws InterruptedException {
        while (true) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            Instant now = clock.instant();
            while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
                recent.removeFirst();
            }
            Instant next = pausedUntil;
            if (recent.size() >= limit) {
                Instant freed = recent.peekFirst().plus(window);
                next = freed.isAfter(next) ? freed : next;
            }
            Duration left = Duration.between(now, next);
            if (left.isNegative() || left.isZero()) {
                recent.addLast(now);
                return true;
            }
            // round up: a sub-millisecond rest must still be waited, not admitted early
            wait(Math.min(CANCEL_CHECK_MS, Math.max(1, (left.toNanos() + 999_999) / 1_000_000)));
        }
    }

    /** Holds every caller back until {@code until} (e.g. from Retry-After or X-RateLimit-Reset). */
    public synchronized void pauseUntil(Instant until) {
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
        notifyAll();
    }

    /** The instant callers are held back to, for tests and logs. */
    public synchronized Instant pausedUntil() {
        return pausedUntil;
    }
}
