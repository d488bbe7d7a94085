package io.kubelode.dns.provider;

import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.RecordChange;
import java.util.List;
import java.util.Set;

/**
 * A DNS service kubelode publishes records in (Linode's DNS Manager, or any server that takes
 * RFC 2136 dynamic updates). It observes and applies; what to change is decided by the pure plan.
 * Every method throws {@link DnsProviderException} classified transient or permanent.
 */
public interface DnsProvider {

    /** Which provider this is, for logs and messages. */
    String kind();

    /**
     * The TTL the provider will store when asked for {@code requested} (Linode rounds to accepted
     * values); the diff accepts either, so a rounded TTL is not "fixed" on every run.
     */
    default int storedTtl(int requested) {
        return requested;
    }

    /**
     * Makes sure the domain can hold records: CREATED when kubelode had to create it (and marked it
     * as created for this cluster), NOOP when it was there.
     */
    Reconcile ensureDomain(String domain, String clusterId);

    /** Every name under the domain with A records or a kubelode ownership record. */
    ObservedRecords observe(String domain);

    /** Applies the changes (ownership records carry the cluster id; A records the given TTL). */
    void apply(String domain, List<RecordChange> changes);

    /** The domains where the cluster owns names, or that kubelode created for it. */
    Set<String> domainsOf(String clusterId);

    /**
     * Deletes the domain if, and only if, kubelode created it for this cluster and it holds no
     * name kubelode does not own: DELETED, or NOOP.
     */
    Reconcile releaseDomain(String domain, String clusterId);

    /** What a reconcile step did (as Strimzi's ReconcileResult). */
    enum Reconcile {
        CREATED, PATCHED, NOOP, DELETED
    }
}
