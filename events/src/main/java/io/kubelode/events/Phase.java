package io.kubelode.events;

/** One word for where a cluster is in its life: what {@link Lifecycle} folds from its events. */
public enum Phase {
    /** Requested; no layer has reported yet. */
    Pending,
    /** The forward chain is running. */
    Provisioning,
    /** Every layer reported and DNS is published. */
    Ready,
    /** A node is being repaired (rebooted or replaced); the cluster serves on its other nodes. */
    Repairing,
    /** A repair failed: the cluster serves on its other nodes, and a person is needed. */
    Degraded,
    /** A layer failed and the spec asked to keep the cluster for debugging. */
    Failed,
    /** A layer failed; compensation runs the chain backwards. */
    RollingBack,
    /** Compensation finished: every instance is released. */
    RolledBack,
    /** A person asked for deletion; the backward chain runs. */
    Deleting,
    /** Every instance is released after a delete. */
    Deleted;

    /** Whether nothing will happen to the cluster any more. */
    public boolean terminal() {
        return this == RolledBack || this == Deleted;
    }
}
