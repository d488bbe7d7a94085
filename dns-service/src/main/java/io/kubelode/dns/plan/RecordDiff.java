package io.kubelode.dns.plan;

import io.kubelode.dns.plan.RecordChange.AddAddress;
import io.kubelode.dns.plan.RecordChange.AddOwner;
import io.kubelode.dns.plan.RecordChange.RemoveAddress;
import io.kubelode.dns.plan.RecordChange.RemoveOwner;
import io.kubelode.dns.plan.RecordChange.Retime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Desired versus observed: the changes that make the provider match the plan, touching only names
 * the cluster owns. A desired name that someone else holds is a conflict, never taken over.
 *
 * <p>Within a name, the ownership record is created before the addresses and removed after them,
 * so a provider that applies changes one by one and stops half-way never leaves an A record that
 * nobody owns.
 */
public final class RecordDiff {
    private RecordDiff() {
    }

    /** A desired name kubelode must not touch, and why. */
    public record Conflict(String name, String why) {
    }

    /** The changes, and the desired names that could not be claimed. */
    public record Result(List<RecordChange> changes, List<Conflict> conflicts) {
        public Result {
            changes = List.copyOf(changes);
            conflicts = List.copyOf(conflicts);
        }

        /** Nothing to change and nothing in the way. */
        public boolean isNoop() {
            return changes.isEmpty() && conflicts.isEmpty();
        }
    }

    /** Changes from what exists to the plan. Owned names the plan no longer has are removed. */
    public static Result between(DesiredRecords desired, ObservedRecords observed) {
        return between(desired, observed, desired.ttl());
    }

    /**
     * As {@link #between(DesiredRecords, ObservedRecords)}, for a provider that stores
     * {@code storedTtl} when asked for the plan's TTL: either counts as right.
     */
    public static Result between(DesiredRecords desired, ObservedRecords observed, int storedTtl) {
        List<RecordChange> changes = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        String cluster = desired.clusterId();
        for (Map.Entry<String, List<String>> e : desired.names().entrySet()) {
            Optional<Conflict> conflict = conflict(e.getKey(), observed.get(e.getKey()), cluster);
            if (conflict.isPresent()) {
                conflicts.add(conflict.get());
            } else {
                reconcileName(e.getKey(), e.getValue(), desired.ttl(), storedTtl, observed.get(e.getKey()), cluster,
                        changes);
            }
        }
        observed.names().values().stream()
                .filter(n -> n.ownedBy(cluster) && !desired.names().containsKey(n.name()))
                .forEach(n -> removeName(n, cluster, changes));
        return new Result(changes, conflicts);
    }

    /** Changes that remove every name the cluster owns under the observed domain, and nothing else. */
    public static List<RecordChange> teardown(String clusterId, ObservedRecords observed) {
        List<RecordChange> changes = new ArrayList<>();
        observed.names().values().stream().filter(n -> n.ownedBy(clusterId))
                .forEach(n -> removeName(n, clusterId, changes));
        return changes;
    }

    private static Optional<Conflict> conflict(String name, Optional<ObservedName> seen, String cluster) {
        if (seen.isEmpty() || seen.get().ownedBy(cluster)) {
            return Optional.empty();
        }
        ObservedName n = seen.get();
        if (n.owner().isPresent()) {
            return Optional.of(new Conflict(name, "owned by kubelode cluster " + n.owner().get()));
        }
        return n.addresses().isEmpty() ? Optional.empty()
                : Optional.of(new Conflict(name, "has A records kubelode does not own"));
    }

    private static void reconcileName(String name, List<String> want, int ttl, int storedTtl,
                                      Optional<ObservedName> seen, String cluster, List<RecordChange> out) {
        boolean owned = seen.filter(n -> n.ownedBy(cluster)).isPresent();
        if (!owned) {
            out.add(new AddOwner(name, cluster));
        }
        var have = seen.filter(n -> owned).map(ObservedName::addresses).orElse(java.util.Set.of());
        int haveTtl = seen.map(ObservedName::ttl).orElse(-1);
        for (String a : want) {
            if (!have.contains(a)) {
                out.add(new AddAddress(name, a, ttl));
            } else if (haveTtl != ttl && haveTtl != storedTtl) {
                out.add(new Retime(name, a, ttl));
            }
        }
        have.stream().filter(a -> !want.contains(a)).sorted().forEach(a -> out.add(new RemoveAddress(name, a)));
    }

    private static void removeName(ObservedName n, String cluster, List<RecordChange> out) {
        n.addresses().stream().sorted().forEach(a -> out.add(new RemoveAddress(n.name(), a)));
        out.add(new RemoveOwner(n.name(), cluster));
    }
}
