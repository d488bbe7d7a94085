package io.kubelode.gateway.view;

import io.kubelode.events.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every cluster's history and status, folded from the event topics. Pure: the Kafka reading is
 * {@code TopicFeed}'s job. One lock orders appends and subscriptions, so a subscriber gets every
 * entry after its start position exactly once and in order.
 */
public final class ReadModel {
    private final Map<String, ClusterState> clusters = new TreeMap<>();
    private final Map<String, List<Consumer<HistoryEntry>>> subscribers = new HashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean caughtUp;

    /**
     * What one event did to its cluster, handed to every {@link #listen listener}.
     *
     * @param clusterId   the cluster
     * @param clusterName its spec's name, or null before its request was read
     * @param entry       the event as it entered the cluster's history
     * @param before      the cluster's phase before the event
     * @param after       its phase after it
     * @param replayed    whether the event was read in the replay of what the topics held when the gateway
     *                    started (false: it arrived live)
     */
    public record Change(String clusterId, String clusterName, HistoryEntry entry, Phase before, Phase after,
                         boolean replayed) {
    }

    /**
     * Calls {@code listener} with every event folded in from now on (a redelivered one never), in order,
     * while this model's lock is held: it must return at once (hand the work to a thread of its own) and
     * must not call back into the model.
     */
    public void listen(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** How many listeners are registered. */
    public int listenerCount() {
        return listeners.size();
    }

    /** Folds records, in the order given, into their clusters' histories. */
    public synchronized void apply(List<FeedRecord> records) {
        for (FeedRecord r : records) {
            String id = r.event().subject();
            ClusterState state = clusters.computeIfAbsent(id, ClusterState::new);
            Phase before = state.phase();
            HistoryEntry entry = state.apply(r);
            if (entry == null) {
                continue;
            }
            for (Consumer<HistoryEntry> s : subscribers.getOrDefault(id, List.of())) {
                s.accept(entry);
            }
            if (!listeners.isEmpty()) {
                Change change = new Change(id, state.name(), entry, before, state.phase(), !caughtUp);
                for (Consumer<Change> l : listeners) {
                    try {
                        l.accept(change);
                    } catch (RuntimeException e) {
                        // a listener's fault never stops the read model
                    }
                }
            }
        }
    }

    /** Marks the end of the replay of what the topics held at start. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    /** Whether the replay of what the topics held at start has been folded in. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Every cluster, by id. */
    public synchronized List<ClusterView> clusters() {
        return clusters.values().stream().map(ClusterState::view).toList();
    }

    /** One cluster. */
    public synchronized Optional<ClusterView> cluster(String id) {
        return Optional.ofNullable(clusters.get(id)).map(ClusterState::view);
    }

    /** A copy of one cluster's history. */
    public synchronized List<HistoryEntry> history(String id) {
        ClusterState s = clusters.get(id);
        return s == null ? List.of() : List.copyOf(s.history());
    }

    /**
     * Hands {@code sink} every entry of the cluster from position {@code from} on: first the
     * stored ones, then each new one as it is applied, until the returned handle is run.
     */
    public synchronized Runnable subscribe(String id, long from, Consumer<HistoryEntry> sink) {
        ClusterState s = clusters.get(id);
        if (s != null) {
            List<HistoryEntry> h = s.history();
            for (int i = (int) Math.max(0, from); i < h.size(); i++) {
                sink.accept(h.get(i));
            }
        }
        subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(sink);
        return () -> unsubscribe(id, sink);
    }

    private synchronized void unsubscribe(String id, Consumer<HistoryEntry> sink) {
        List<Consumer<HistoryEntry>> list = subscribers.get(id);
        if (list != null) {
            list.remove(sink);
            if (list.isEmpty()) {
                subscribers.remove(id);
            }
        }
    }

    /** How many SSE subscribers listen (for health details). */
    public synchronized int subscriberCount() {
        return subscribers.values().stream().mapToInt(List::size).sum();
    }

    /** The view of a cluster from its request alone, for a request the topics have not delivered yet. */
    public static ClusterView preview(io.kubelode.events.GatewayEvent.ClusterRequested requested) {
        ClusterState s = new ClusterState(requested.clusterId());
        s.apply(new FeedRecord(io.kubelode.support.CloudEvent.of("/kubelode/gateway", requested), "", 0, -1));
        return s.view();
    }

    /** Ids of every cluster (for tests and listings). */
    public synchronized List<String> ids() {
        return new ArrayList<>(clusters.keySet());
    }
}
