package io.kubelode.sandbox.cloud;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The account's event log; newest first, like Linode lists it. */
@ApplicationScoped
public class EventLog {
    private final AtomicLong ids = new AtomicLong(1000);
    private final List<Event> events = new ArrayList<>();
    private final Clock clock = Clock.systemUTC();

    /** Records an event that has started. */
    public synchronized Event started(String action, Instance instance) {
        Event event = new Event(ids.incrementAndGet(), action, instance.id(), instance.label(), clock.instant(), "started");
        events.add(event);
        return event;
    }

    /** Records an event that finished at once. */
    public synchronized Event finished(String action, Instance instance) {
        Event event = started(action, instance);
        event.finish("finished", clock.instant());
        return event;
    }

    public void finish(Event event) {
        event.finish("finished", clock.instant());
    }

    public void fail(Event event) {
        event.finish("failed", clock.instant());
    }

    public synchronized List<Event> newestFirst() {
        List<Event> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparingLong(Event::id).reversed());
        return copy;
    }

    public synchronized void clear() {
        events.clear();
    }
}
