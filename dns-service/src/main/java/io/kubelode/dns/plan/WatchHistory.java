package io.kubelode.dns.plan;

import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the health monitor watched before a restart, folded from the retained history of
 * kubelode.apps and kubelode.dns (each cluster's records are ordered): the last AppsDeployed's
 * plan, the addresses the names answer with, and the nodes held for down. A cluster whose
 * records were deleted, or that never published, is not watched.
 */
public final class WatchHistory {
    /** One cluster to watch again. */
    public record Watched(DesiredRecords full, List<String> published, Map<String, FailureReason> downReasons) {
    }

    private final Map<String, AppsDeployed> deployed = new HashMap<>();
    private final Map<String, Set<String>> published = new LinkedHashMap<>();
    private final Map<String, Map<String, FailureReason>> down = new HashMap<>();

    /** Folds one event of either topic, in the order of its cluster's records. */
    public void add(KubelodeEvent event) {
        String c = event.clusterId();
        if (event instanceof AppsDeployed d) {
            deployed.put(c, d);
        } else if (event instanceof DnsPublished p) {
            published.put(c, new LinkedHashSet<>(p.records().values().stream().findFirst().orElse(List.of())));
        } else if (event instanceof DnsAddressWithdrawn w && published.containsKey(c)) {
            published.get(c).remove(w.address());
            down.computeIfAbsent(c, k -> new HashMap<>()).put(w.address(), w.reason());
        } else if (event instanceof DnsAddressRestored r && published.containsKey(c)) {
            published.get(c).add(r.address());
            down.getOrDefault(c, new HashMap<>()).remove(r.address());
        } else if (event instanceof DnsRecordsDeleted) {
            deployed.remove(c);
            published.remove(c);
            down.remove(c);
        }
    }

    /** The clusters to watch; a cluster whose AppsDeployed cannot be planned is left out. */
    public List<Watched> watched() {
        List<Watched> out = new ArrayList<>();
        published.forEach((cluster, addresses) -> {
            AppsDeployed d = deployed.get(cluster);
            if (d == null || addresses.isEmpty()) {
                return;
            }
            try {
                DesiredRecords full = DnsPlanner.plan(d);
                List<String> now = full.addresses().stream().filter(addresses::contains).toList();
                out.add(new Watched(full, now.isEmpty() ? full.addresses() : now,
                        Map.copyOf(down.getOrDefault(cluster, Map.of()))));
            } catch (PlanException e) {
                // it failed when it arrived as well: nothing was published for it
            }
        });
        return out;
    }
}
