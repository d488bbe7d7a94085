package io.kubelode.dns.plan;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every name under a domain that has A records or a kubelode ownership record, as observed.
 *
 * @param domain the domain observed
 * @param names  name → what it has
 */
public record ObservedRecords(String domain, Map<String, ObservedName> names) {

    public ObservedRecords {
        names = java.util.Collections.unmodifiableMap(new TreeMap<>(names));
    }

    /** Builds the map from a list. */
    public static ObservedRecords of(String domain, Collection<ObservedName> names) {
        Map<String, ObservedName> map = new TreeMap<>();
        names.forEach(n -> map.put(n.name(), n));
        return new ObservedRecords(domain, map);
    }

    /** What the provider has at {@code name}. */
    public Optional<ObservedName> get(String name) {
        return Optional.ofNullable(names.get(name));
    }

    /** Whether the cluster owns at least one name here. */
    public boolean hasNamesOf(String clusterId) {
        return names.values().stream().anyMatch(n -> n.ownedBy(clusterId));
    }
}
