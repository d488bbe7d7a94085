package io.kubelode.dns;

import io.kubelode.dns.plan.DesiredRecords;
import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.RecordChange;
import io.kubelode.dns.plan.RecordDiff;
import io.kubelode.dns.provider.DnsProvider;
import io.kubelode.dns.provider.DnsProvider.Reconcile;
import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.FailureReason;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The steps against the DNS provider, each an idempotent ensure: publish (domain, then names) and
 * tear down (owned names, then the domain if kubelode created it). Transient failures are retried
 * with capped exponential back-off; permanent ones propagate at once.
 */
public final class DnsReconciler {
    private static final Logger LOG = Logger.getLogger(DnsReconciler.class);

    private final DnsProvider provider;
    private final Retry retry;
    private final Retry teardownRetry;

    public DnsReconciler(DnsProvider provider, Retry retry) {
        this(provider, retry, retry);
    }

    /**
     * @param teardownRetry retries of the compensation, which must outlast any transient outage:
     *                      a teardown that gives up leaves the whole backward chain stuck
     */
    public DnsReconciler(DnsProvider provider, Retry retry, Retry teardownRetry) {
        this.provider = provider;
        this.retry = retry;
        this.teardownRetry = teardownRetry;
    }

    public DnsProvider provider() {
        return provider;
    }

    /** Ensures the domain, then the names; returns what it changed (NOOP on a rerun). */
    public Reconcile publish(DesiredRecords desired) {
        Reconcile domain = retry.call("ensure domain " + desired.domain(),
                () -> provider.ensureDomain(desired.domain(), desired.clusterId()));
        Reconcile names = converge(desired);
        return domain == Reconcile.CREATED ? Reconcile.CREATED : names;
    }

    /** Observe, diff, apply: the names answer with exactly the desired addresses. */
    public Reconcile converge(DesiredRecords desired) {
        return retry.call("records of " + desired.domain(), () -> {
            ObservedRecords seen = provider.observe(desired.domain());
            RecordDiff.Result diff = RecordDiff.between(desired, seen, provider.storedTtl(desired.ttl()));
            if (!diff.conflicts().isEmpty()) {
                throw new DnsProviderException(FailureReason.NAME_TAKEN_BY_OTHER, diff.conflicts().stream()
                        .map(c -> c.name() + " " + c.why()).collect(Collectors.joining("; ")), false);
            }
            if (diff.changes().isEmpty()) {
                return Reconcile.NOOP;
            }
            provider.apply(desired.domain(), diff.changes());
            LOG.infof("cluster %s: %d record changes in %s (%s)", desired.clusterId(), diff.changes().size(),
                    desired.domain(), provider.kind());
            return Reconcile.PATCHED;
        });
    }

    /**
     * Removes every name the cluster owns, in every domain, then each domain kubelode created for
     * it. DELETED when something went, NOOP when there was nothing (the forward step never ran).
     */
    public Reconcile teardown(String clusterId) {
        return teardownRetry.call("teardown of " + clusterId, () -> {
            Reconcile result = Reconcile.NOOP;
            for (String domain : provider.domainsOf(clusterId)) {
                List<RecordChange> changes = RecordDiff.teardown(clusterId, provider.observe(domain));
                if (!changes.isEmpty()) {
                    provider.apply(domain, changes);
                    result = Reconcile.DELETED;
                }
                if (provider.releaseDomain(domain, clusterId) == Reconcile.DELETED) {
                    result = Reconcile.DELETED;
                }
            }
            return result;
        });
    }
}
