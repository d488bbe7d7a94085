package io.kubelode.dns.plan;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One name as the DNS provider has it now.
 *
 * @param name      the name, lower case, no trailing dot
 * @param addresses its A records
 * @param ttl       TTL of its A records, or -1 when it has none
 * @param owner     the cluster its ownership record names; empty when it has none
 */
public record ObservedName(String name, Set<String> addresses, int ttl, Optional<String> owner) {

    public ObservedName {
        addresses = Set.copyOf(new TreeSet<>(addresses));
    }

    /** Whether the cluster owns this name. */
    public boolean ownedBy(String clusterId) {
        return owner.filter(clusterId::equals).isPresent();
    }
}
