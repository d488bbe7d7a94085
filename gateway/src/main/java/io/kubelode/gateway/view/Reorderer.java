package io.kubelode.gateway.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Holds live records for a short window and releases them in {@link FeedRecord#CANONICAL}
 * order, so that records of different topics produced milliseconds apart enter a cluster's
 * history in the order a replay gives them. A record is released once its producer time is
 * older than {@code window} (a watermark), or once it waited {@code maxHold} (a producer clock
 * running ahead). Not thread-safe: the feed thread owns it.
 */
public final class Reorderer {
    private record Held(FeedRecord record, Instant arrived) {
    }

    private final Duration window;
    private final Duration maxHold;
    private final PriorityQueue<Held> held = new PriorityQueue<>(
            (a, b) -> FeedRecord.CANONICAL.compare(a.record(), b.record()));

    public Reorderer(Duration window, Duration maxHold) {
        this.window = window;
        this.maxHold = maxHold;
    }

    /** Takes a record read at {@code now}. */
    public void add(FeedRecord record, Instant now) {
        held.add(new Held(record, now));
    }

    /** The records due at {@code now}, in canonical order. */
    public List<FeedRecord> release(Instant now) {
        Instant watermark = now.minus(window);
        Instant holdLimit = now.minus(maxHold);
        List<FeedRecord> out = new ArrayList<>();
        boolean overdue = held.stream().anyMatch(h -> !h.arrived().isAfter(holdLimit));
        while (!held.isEmpty() && (overdue || !held.peek().record().event().time().isAfter(watermark))) {
            out.add(held.poll().record());
        }
        return out;
    }

    /** Every held record, in canonical order (at the end of a replay). */
    public List<FeedRecord> drain() {
        List<FeedRecord> out = new ArrayList<>(held.size());
        while (!held.isEmpty()) {
            out.add(held.poll().record());
        }
        return out;
    }

    /** How many records wait. */
    public int size() {
        return held.size();
    }
}
