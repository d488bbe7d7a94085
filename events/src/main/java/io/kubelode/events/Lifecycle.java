package io.kubelode.events;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.spec.ClusterSpec;

/**
 * The saga's phase rules, written once: a cluster's {@link Phase} folded from its events in the
 * order they happened. The gateway's read model, the CLI's progress and every layer's fence use
 * this one copy (events/SAGA.md says what each event means).
 *
 * <p>Precedence, highest first: the end of the backward chain (the provisioner's NodesReleased:
 * Deleted or RolledBack), a delete asked for, a failure or rollback (Failed only when the spec keeps
 * a failed cluster and no layer has rolled back), DNS published, a failed repair (Degraded), a
 * repair under way (Repairing), progress. Not thread-safe.
 */
public final class Lifecycle {
    private boolean keepOnFailure;
    private boolean requested;
    private boolean deleteRequested;
    private boolean failed;
    private boolean rollbackSeen;
    private boolean published;
    private boolean repairing;
    private boolean degraded;
    private Cause released;
    private long events;

    /** Folds the next event of the cluster in. */
    public Lifecycle apply(KubelodeEvent e) {
        events++;
        if (e instanceof ClusterRequested r) {
            requested = true;
            keepOnFailure = keeps(r.spec());
        } else if (e instanceof ClusterScaleRequested s) {
            keepOnFailure = keeps(s.spec());
            published = false;
        } else if (e instanceof ClusterDeleteRequested) {
            deleteRequested = true;
        } else if (e instanceof DnsPublished || e instanceof NodesRemoved) {
            // NodesRemoved ends a scale-down: every layer kept the remaining nodes as they were
            published = true;
            repairing = false;
            degraded = false;
        } else if (e instanceof NodeRepairStarted) {
            // the cluster leaves Ready until DNS is published again; nothing turns backwards
            published = false;
            repairing = true;
            degraded = false;
        } else if (e instanceof NodeRepairFailed) {
            repairing = false;
            degraded = true;
        }
        if (e instanceof Failure) {
            failed = true;
        }
        if (e instanceof Compensation c) {
            rollbackSeen |= c.cause() == Cause.ROLLBACK;
            if (e instanceof NodesReleased r) {
                released = r.cause();
            }
        }
        return this;
    }

    /** Where the cluster is now. */
    public Phase phase() {
        if (released != null) {
            return released == Cause.DELETE ? Phase.Deleted : Phase.RolledBack;
        }
        if (deleteRequested) {
            return Phase.Deleting;
        }
        if (failed || rollbackSeen) {
            return keepOnFailure && !rollbackSeen ? Phase.Failed : Phase.RollingBack;
        }
        if (published) {
            return Phase.Ready;
        }
        if (degraded) {
            return Phase.Degraded;
        }
        if (repairing) {
            return Phase.Repairing;
        }
        return events > 1 || !requested ? Phase.Provisioning : Phase.Pending;
    }

    /**
     * Whether {@code event} turns its cluster's saga backwards: after a failure, a rollback or
     * delete compensation, or a delete asked for, no layer takes a forward step for it again.
     */
    public static boolean turnsBackwards(KubelodeEvent event) {
        return event instanceof Failure || event instanceof ClusterDeleteRequested
                || event instanceof Compensation c && (c.cause() == Cause.ROLLBACK || c.cause() == Cause.DELETE);
    }

    /** Whether a failure of this cluster stops at its failure event instead of rolling back. */
    public static boolean keeps(ClusterSpec spec) {
        return spec != null && Boolean.TRUE.equals(spec.keepOnFailure());
    }
}
