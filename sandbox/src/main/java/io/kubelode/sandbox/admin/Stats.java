package io.kubelode.sandbox.admin;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters for {@code GET /sandbox/stats}. */
@ApplicationScoped
public class Stats {
    private final AtomicLong createsAccepted = new AtomicLong();
    private final AtomicLong createsRefused = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();
    private final AtomicLong sshCommands = new AtomicLong();
    private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> createsByCluster = new ConcurrentHashMap<>();

    public void createAccepted() { createsAccepted.incrementAndGet(); }

    /** An accepted create of an instance of this kubelode cluster (null: of none). */
    public void createAccepted(String cluster) {
        createAccepted();
        if (cluster != null) {
            createsByCluster.computeIfAbsent(cluster, c -> new AtomicLong()).incrementAndGet();
        }
    }
    public void createRefused() { createsRefused.incrementAndGet(); }
    /** A request that the real rate limiter refused (not an injected 429). */
    public void rateLimited() { rateLimited.incrementAndGet(); }
    public void faultInjected() { faultsInjected.incrementAndGet(); }
    public void sshCommand() { sshCommands.incrementAndGet(); }

    public void response(int status) {
        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    /**
     * The JSON view.
     *
     * @param createsByCluster accepted creates per kubelode cluster id (an instance's
     *                         {@code kl:} tag, else its {@code <cluster>-<node>} label)
     */
    public record View(long createsAccepted, long createsRefused, long liveInstances, long rateLimited,
                       long faultsInjected, long sshCommands, Map<String, Long> requestsByStatus,
                       Map<String, Long> createsByCluster) {}

    public View view(long liveInstances) {
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(String.valueOf(k), v.get()));
        Map<String, Long> byCluster = new TreeMap<>();
        createsByCluster.forEach((k, v) -> byCluster.put(k, v.get()));
        return new View(createsAccepted.get(), createsRefused.get(), liveInstances, rateLimited.get(),
                faultsInjected.get(), sshCommands.get(), statuses, byCluster);
    }

    public void reset() {
        createsAccepted.set(0);
        createsRefused.set(0);
        rateLimited.set(0);
        faultsInjected.set(0);
        sshCommands.set(0);
        byStatus.clear();
        createsByCluster.clear();
    }
}
