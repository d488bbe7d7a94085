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

    public void createAccepted() { createsAccepted.incrementAndGet(); }
    public void createRefused() { createsRefused.incrementAndGet(); }
    /** A request that the real rate limiter refused (not an injected 429). */
    public void rateLimited() { rateLimited.incrementAndGet(); }
    public void faultInjected() { faultsInjected.incrementAndGet(); }
    public void sshCommand() { sshCommands.incrementAndGet(); }

    public void response(int status) {
        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    /** The JSON view. */
    public record View(long createsAccepted, long createsRefused, long liveInstances, long rateLimited,
                       long faultsInjected, long sshCommands, Map<String, Long> requestsByStatus) {}

    public View view(long liveInstances) {
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(String.valueOf(k), v.get()));
        return new View(createsAccepted.get(), createsRefused.get(), liveInstances, rateLimited.get(),
                faultsInjected.get(), sshCommands.get(), statuses);
    }

    public void reset() {
        createsAccepted.set(0);
        createsRefused.set(0);
        rateLimited.set(0);
        faultsInjected.set(0);
        sshCommands.set(0);
        byStatus.clear();
    }
}
