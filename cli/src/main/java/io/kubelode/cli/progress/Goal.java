package io.kubelode.cli.progress;

import io.kubelode.cli.Exit;
import io.kubelode.events.Phase;

/** When following a cluster's events ends, and with which exit code. */
public enum Goal {
    /** create --watch, scale --watch: Ready is success; anything that ends otherwise (Degraded too) is a failure. */
    READY,
    /**
     * events -f: Ready or Deleted end well; Failed, RolledBack or Degraded (a repair failed) end badly;
     * Repairing is followed on, like Provisioning.
     */
    SETTLED,
    /** delete --wait: Deleted. */
    DELETED;

    /** The exit code when the cluster is in {@code phase}, or null to go on following. */
    public Integer exitFor(Phase phase) {
        return switch (this) {
            case READY -> switch (phase) {
                case Ready -> Exit.OK;
                case Failed, RolledBack, Deleted, Degraded -> Exit.CLUSTER_FAILED;
                default -> null;
            };
            case SETTLED -> switch (phase) {
                case Ready, Deleted -> Exit.OK;
                // Degraded: a repair failed; the cluster serves on its other nodes but needs a person
                case Failed, RolledBack, Degraded -> Exit.CLUSTER_FAILED;
                default -> null;
            };
            case DELETED -> phase == Phase.Deleted ? Exit.OK : null;
        };
    }
}
