package io.kubelode.dns.health;

import io.kubelode.dns.plan.ObservedName;
import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.RecordChange;
import io.kubelode.dns.provider.DnsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider holding one domain's names in memory, for the monitor's unit tests (the real ones have ITs). */
final class InMemoryDnsProvider implements DnsProvider {
    private final Map<String, Set<String>> addresses = new TreeMap<>();
    private final Map<String, String> owners = new TreeMap<>();
    final AtomicInteger applies = new AtomicInteger();

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public Reconcile ensureDomain(String domain, String clusterId) {
        return Reconcile.NOOP;
    }

    @Override
    public synchronized ObservedRecords observe(String domain) {
        List<ObservedName> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(addresses.keySet());
        names.addAll(owners.keySet());
        names.forEach(n -> out.add(new ObservedName(n, addresses.getOrDefault(n, Set.of()), 30,
                Optional.ofNullable(owners.get(n)))));
        return ObservedRecords.of(domain, out);
    }

    @Override
    public synchronized void apply(String domain, List<RecordChange> changes) {
        applies.incrementAndGet();
        for (RecordChange c : changes) {
            if (c instanceof RecordChange.AddOwner o) {
                owners.put(o.name(), o.clusterId());
            } else if (c instanceof RecordChange.RemoveOwner o) {
                owners.remove(o.name());
            } else if (c instanceof RecordChange.AddAddress a) {
                addresses.computeIfAbsent(a.name(), n -> new TreeSet<>()).add(a.address());
            } else if (c instanceof RecordChange.RemoveAddress a) {
                addresses.getOrDefault(a.name(), new TreeSet<>()).remove(a.address());
            }
        }
        addresses.values().removeIf(Set::isEmpty);
    }

    synchronized Set<String> addressesOf(String name) {
        return Set.copyOf(addresses.getOrDefault(name, Set.of()));
    }

    @Override
    public Set<String> domainsOf(String clusterId) {
        return Set.of();
    }

    @Override
    public Reconcile releaseDomain(String domain, String clusterId) {
        return Reconcile.NOOP;
    }
}
