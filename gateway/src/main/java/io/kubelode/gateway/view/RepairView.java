package io.kubelode.gateway.view;

import io.kubelode.events.ProvisionerEvent.Repair;
import java.time.Instant;

/**
 * The latest repair of one of a cluster's nodes, from the provisioner's NodeRepairStarted, NodeRepaired
 * and NodeRepairFailed.
 *
 * @param node             1-based index of the repaired node
 * @param repair           {@code REBOOT} (the instance rebooted: every layer checks its part) or {@code REPLACE}
 *                         (the instance was lost: a new one takes its place)
 * @param state            {@code Repairing}, {@code Repaired} or {@code Failed}
 * @param cause            what the provisioner's watch saw, e.g. {@code linode_delete finished (event 90211)}
 * @param startedAt        when the repair started
 * @param finishedAt       when it reached Ready again or failed; null while under way
 * @param seconds          how long it took, start to DNS published again (the provisioner's count); null unless
 *                         repaired
 * @param linodeId         the instance the watch saw (the lost one, for a replacement)
 * @param publicIpv4       that instance's public address as last provisioned
 * @param newLinodeId      the instance serving the node after the repair (a replacement's new one), once provisioned
 * @param newPublicIpv4    its public address
 * @param reason           why it failed (a FailureReason code); null unless failed
 * @param message          what happened, in one line
 */
public record RepairView(int node, Repair repair, String state, String cause, Instant startedAt, Instant finishedAt,
                         Double seconds, Long linodeId, String publicIpv4, Long newLinodeId, String newPublicIpv4,
                         String reason, String message) {
    public static final String REPAIRING = "Repairing";
    public static final String REPAIRED = "Repaired";
    public static final String FAILED = "Failed";
}
