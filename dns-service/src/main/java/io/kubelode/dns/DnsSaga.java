package io.kubelode.dns;

import io.kubelode.dns.health.HealthMonitor;
import io.kubelode.dns.plan.DesiredRecords;
import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.dns.plan.PlanException;
import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent;
import io.kubelode.events.DnsEvent.DnsFailed;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The dns layer's part of the saga, without Kafka: AppsDeployed → DnsPublished, or DnsFailed then
 * (unless the spec keeps failed clusters: keepOnFailure) the compensation (owned records deleted)
 * and DnsRecordsDeleted(ROLLBACK); ClusterDeleteRequested → owned records deleted and
 * DnsRecordsDeleted(DELETE), also when nothing was ever published.
 * Blocking: callers run it off the consumer thread.
 */
public final class DnsSaga {
    private static final Logger LOG = Logger.getLogger(DnsSaga.class);

    private final DnsReconciler reconciler;
    private final HealthMonitor monitor;
    private final boolean watchHealth;
    private final Predicate<String> keepOnFailure;

    /**
     * @param keepOnFailure whether a cluster's spec keeps it for debugging when it fails
     *                      ({@code ClusterSpec.keepOnFailure}): its DNS failure then rolls nothing back
     */
    public DnsSaga(DnsReconciler reconciler, HealthMonitor monitor, boolean watchHealth,
                   Predicate<String> keepOnFailure) {
        this.reconciler = reconciler;
        this.monitor = monitor;
        this.watchHealth = watchHealth;
        this.keepOnFailure = keepOnFailure;
    }

    /** The events AppsDeployed leads to, in order. */
    public List<DnsEvent> publish(AppsDeployed deployed) {
        String cluster = deployed.clusterId();
        try {
            DesiredRecords full = DnsPlanner.plan(deployed);
            // a node the monitor already holds for down stays withdrawn on a redelivery
            DesiredRecords now = full.withAddresses(monitor.selection(full));
            reconciler.publish(now);
            if (watchHealth) {
                monitor.watch(full, now);
            }
            LOG.infof("cluster %s: %d names published in %s", cluster, now.names().size(), now.domain());
            return List.of(new DnsPublished(cluster, now.asEventRecords()));
        } catch (PlanException e) {
            return failed(cluster, e.reason(), e.getMessage());
        } catch (DnsProviderException e) {
            return failed(cluster, e.reason(), e.getMessage());
        }
    }

    private List<DnsEvent> failed(String cluster, FailureReason reason, String message) {
        monitor.unwatch(cluster);
        if (keepOnFailure.test(cluster)) {
            LOG.warnf("cluster %s: DNS failed (%s: %s); kept for debugging (keepOnFailure)", cluster, reason, message);
            return List.of(new DnsFailed(cluster, reason, message));
        }
        LOG.warnf("cluster %s: DNS failed (%s: %s); deleting what kubelode owns", cluster, reason, message);
        // a failing compensation propagates: the record is not acknowledged and goes to the dead letter topic
        reconciler.teardown(cluster);
        return List.of(new DnsFailed(cluster, reason, message), new DnsRecordsDeleted(cluster, Cause.ROLLBACK, reason));
    }

    /** The event a delete leads to, once every owned record (and a domain kubelode created) is gone. */
    public DnsEvent delete(String clusterId) {
        monitor.unwatch(clusterId);
        var result = reconciler.teardown(clusterId);
        LOG.infof("cluster %s: DNS teardown %s", clusterId, result);
        return new DnsRecordsDeleted(clusterId, Cause.DELETE, FailureReason.DELETED);
    }
}
