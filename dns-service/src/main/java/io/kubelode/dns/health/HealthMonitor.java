package io.kubelode.dns.health;

import io.kubelode.dns.DnsReconciler;
import io.kubelode.dns.plan.AddressSelection;
import io.kubelode.dns.plan.DesiredRecords;
import io.kubelode.dns.plan.HealthTracker;
import io.kubelode.dns.plan.HealthTracker.Probe;
import io.kubelode.dns.plan.HealthTracker.Transition;
import io.kubelode.dns.plan.WatchHistory;
import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.FailureReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Watches the nodes of published clusters: each round probes every node concurrently (API
 * server Ready and TCP to the ingress ports), feeds the {@link HealthTracker}, and when a node went
 * down or came back, converges the names to {@link AddressSelection#select} and emits
 * DnsAddressWithdrawn / DnsAddressRestored. A failed update is retried on the next round.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HealthMonitor.class);

    private final DnsReconciler reconciler;
    private final NodeProbe probe;
    private final NodeStatusSource status;
    private final HealthSettings settings;
    private final DnsEventSink sink;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService probes;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    public HealthMonitor(DnsReconciler reconciler, NodeProbe probe, NodeStatusSource status, HealthSettings settings,
                         DnsEventSink sink, ScheduledExecutorService scheduler, ExecutorService probes) {
        this.reconciler = reconciler;
        this.probe = probe;
        this.status = status;
        this.settings = settings;
        this.sink = sink;
        this.scheduler = scheduler;
        this.probes = probes;
    }

    /** One watched cluster; its methods run under its own lock, so one round at a time. */
    private final class Watch {
        final DesiredRecords full;
        final HealthTracker tracker = new HealthTracker(settings.failuresToDown(), settings.successesToUp());
        final Map<String, FailureReason> downReasons = new HashMap<>();
        List<String> published;
        ScheduledFuture<?> task;

        Watch(DesiredRecords full) {
            this.full = full;
            this.published = full.addresses();
        }
    }

    /**
     * Starts watching a cluster whose names now answer with {@code now}'s addresses, out of every
     * node address in {@code full}. A redelivery of the same plan keeps the running watch; a new
     * node set (scale up or down) replaces it, keeping what was decided about nodes still there.
     */
    public void watch(DesiredRecords full, DesiredRecords now) {
        Watch old = watches.get(full.clusterId());
        if (old != null) {
            synchronized (old) {
                if (old.full.equals(full)) {
                    return;
                }
            }
        }
        Watch w = new Watch(full);
        w.published = now.addresses();
        if (old != null) {
            synchronized (old) {
                old.downReasons.forEach((address, reason) -> {
                    if (full.addresses().contains(address)) {
                        w.downReasons.put(address, reason);
                        w.tracker.markDown(address);
                    }
                });
            }
        }
        Watch replaced = watches.put(full.clusterId(), w);
        if (replaced != null && replaced.task != null) {
            replaced.task.cancel(false);
        }
        w.task = scheduler.scheduleWithFixedDelay(() -> round(w), settings.interval().toMillis(),
                settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Watches a cluster again after a restart, as its history says it was, unless it is watched
     * already (an AppsDeployed that arrived meanwhile is newer).
     */
    public void resume(WatchHistory.Watched history) {
        Watch w = new Watch(history.full());
        w.published = history.published();
        history.downReasons().forEach((address, reason) -> {
            w.downReasons.put(address, reason);
            w.tracker.markDown(address);
        });
        if (watches.putIfAbsent(history.full().clusterId(), w) == null) {
            w.task = scheduler.scheduleWithFixedDelay(() -> round(w), settings.interval().toMillis(),
                    settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the cluster is watched. */
    public boolean watches(String clusterId) {
        return watches.containsKey(clusterId);
    }

    /** Stops watching (teardown). */
    public void unwatch(String clusterId) {
        Watch w = watches.remove(clusterId);
        if (w != null && w.task != null) {
            w.task.cancel(false);
        }
    }

    /**
     * The addresses the names of {@code full} should answer with now: every node address, less
     * those the monitor holds for down (never all of them).
     */
    public List<String> selection(DesiredRecords full) {
        Watch w = watches.get(full.clusterId());
        if (w == null) {
            return full.addresses();
        }
        synchronized (w) {
            return AddressSelection.select(full.addresses(), w.downReasons.keySet(), new HashSet<>(w.published));
        }
    }

    private void round(Watch w) {
        if (scheduler.isShutdown()) {
            return;
        }
        try {
            List<String> nodes = w.full.addresses();
            List<CompletableFuture<Probe>> results = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                int node = i + 1;
                String address = nodes.get(i);
                results.add(CompletableFuture.supplyAsync(() -> new Probe(
                        status.ready(w.full.clusterId(), node).orElse(true), probe.portsOpen(address)), probes));
            }
            synchronized (w) {
                if (watches.get(w.full.clusterId()) != w) {
                    return;
                }
                for (int i = 0; i < nodes.size(); i++) {
                    Optional<Transition> t = w.tracker.record(nodes.get(i), results.get(i).join());
                    t.ifPresent(tr -> note(w, tr));
                }
                converge(w, System.nanoTime());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "health round of cluster %s failed", w.full.clusterId());
        }
    }

    private void note(Watch w, Transition t) {
        if (t.down()) {
            w.downReasons.put(t.address(), t.reason());
            LOG.infof("cluster %s: node %s is down (%s)", w.full.clusterId(), t.address(), t.reason());
        } else {
            w.downReasons.remove(t.address());
            LOG.infof("cluster %s: node %s is healthy again", w.full.clusterId(), t.address());
        }
    }

    private void converge(Watch w, long decided) {
        List<String> nodes = w.full.addresses();
        List<String> next = AddressSelection.select(nodes, w.downReasons.keySet(), new HashSet<>(w.published));
        if (next.equals(w.published)) {
            return;
        }
        try {
            reconciler.converge(w.full.withAddresses(next));
        } catch (DnsProviderException e) {
            LOG.warnf("cluster %s: could not update DNS (%s: %s); retrying next round", w.full.clusterId(),
                    e.reason(), e.getMessage());
            return;
        }
        Set<String> before = new LinkedHashSet<>(w.published);
        w.published = next;
        // the provider acknowledged the update: from here the names answer with the new set
        LOG.infof("cluster %s: names now answer with %s, %d ms after the health decision", w.full.clusterId(), next,
                (System.nanoTime() - decided) / 1_000_000);
        for (int i = 0; i < nodes.size(); i++) {
            String a = nodes.get(i);
            if (before.contains(a) && !next.contains(a)) {
                sink.emit(new DnsAddressWithdrawn(w.full.clusterId(), i + 1, a, w.downReasons.get(a)));
            } else if (!before.contains(a) && next.contains(a)) {
                sink.emit(new DnsAddressRestored(w.full.clusterId(), i + 1, a));
            }
        }
    }

    @Override
    public void close() {
        watches.keySet().forEach(this::unwatch);
        scheduler.shutdownNow();
        try {
            // a round in flight still hands probes to the pool: let it end before the pool goes
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.shutdownNow();
    }
}
