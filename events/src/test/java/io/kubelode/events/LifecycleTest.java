package io.kubelode.events;

import static io.kubelode.events.EventType.CLUSTER_DELETE_REQUESTED;
import static io.kubelode.events.EventType.CLUSTER_JOINED;
import static io.kubelode.events.EventType.CLUSTER_JOIN_FAILED;
import static io.kubelode.events.EventType.CLUSTER_NODES_DRAINED;
import static io.kubelode.events.EventType.CLUSTER_REQUESTED;
import static io.kubelode.events.EventType.CLUSTER_RESET;
import static io.kubelode.events.EventType.CLUSTER_SCALE_REQUESTED;
import static io.kubelode.events.EventType.DNS_PUBLISHED;
import static io.kubelode.events.EventType.DNS_RECORDS_DELETED;
import static io.kubelode.events.EventType.LXC_READY;
import static io.kubelode.events.EventType.NODES_REMOVED;
import static io.kubelode.events.EventType.NODE_PROVISIONED;
import static io.kubelode.events.EventType.NODE_REPAIRED;
import static io.kubelode.events.EventType.NODE_REPAIR_FAILED;
import static io.kubelode.events.EventType.NODE_REPAIR_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The saga's phase rules, as the gateway, the CLI and the fence all read them. */
class LifecycleTest {
    private static final String ID = Samples.CLUSTER;

    /** The phase after each event, in order. */
    private static List<Phase> phases(KubelodeEvent... events) {
        Lifecycle lifecycle = new Lifecycle();
        List<Phase> seen = new ArrayList<>();
        for (KubelodeEvent e : events) {
            seen.add(lifecycle.apply(e).phase());
        }
        return seen;
    }

    private static KubelodeEvent[] of(EventType... types) {
        return Arrays.stream(types).map(Samples::of).toArray(KubelodeEvent[]::new);
    }

    private static ClusterRequested requested(boolean keepOnFailure) {
        ClusterSpec s = Samples.spec();
        return new ClusterRequested(ID, new ClusterSpec(s.name(), s.region(), s.nodeType(), s.image(), s.nodes(),
                s.domain(), s.apps(), s.sshKeys(), s.homePeer(), s.kubernetesVersion(), keepOnFailure));
    }

    @Test
    void theForwardChainIsPendingThenProvisioningUntilDnsIsPublished() {
        assertThat(phases(of(CLUSTER_REQUESTED, NODE_PROVISIONED, LXC_READY, CLUSTER_JOINED, DNS_PUBLISHED)))
                .containsExactly(Phase.Pending, Phase.Provisioning, Phase.Provisioning, Phase.Provisioning, Phase.Ready);
    }

    @Test
    void aFailureRollsBackUnlessTheSpecKeepsItAndARollbackOverridesTheKeep() {
        KubelodeEvent failed = Samples.of(CLUSTER_JOIN_FAILED);
        NodesReleased released = new NodesReleased(ID, List.of(40001L), Cause.ROLLBACK,
                FailureReason.CONTROL_PLANE_JOIN_FAILED);
        assertThat(phases(requested(false), failed, Samples.of(CLUSTER_RESET), released))
                .containsExactly(Phase.Pending, Phase.RollingBack, Phase.RollingBack, Phase.RolledBack);
        assertThat(phases(requested(true), failed)).containsExactly(Phase.Pending, Phase.Failed);
        assertThat(phases(requested(true), failed, Samples.of(CLUSTER_RESET)))
                .as("a layer rolled back anyway: the cluster is no longer kept as it failed")
                .endsWith(Phase.RollingBack);
    }

    @Test
    void aDeleteWinsOverAFailureAndEndsDeleted() {
        NodesReleased deleted = new NodesReleased(ID, List.of(40001L), Cause.DELETE, FailureReason.DELETED);
        assertThat(phases(requested(true), Samples.of(CLUSTER_JOIN_FAILED), Samples.of(CLUSTER_DELETE_REQUESTED),
                Samples.of(DNS_RECORDS_DELETED), deleted))
                .containsExactly(Phase.Pending, Phase.Failed, Phase.Deleting, Phase.Deleting, Phase.Deleted);
    }

    @Test
    void aRepairIsRepairingUntilDnsIsPublishedAgainAndAFailedOneIsDegradedNotRolledBack() {
        assertThat(phases(of(CLUSTER_REQUESTED, DNS_PUBLISHED, NODE_REPAIR_STARTED, NODE_PROVISIONED, LXC_READY,
                CLUSTER_JOINED, DNS_PUBLISHED, NODE_REPAIRED))).containsExactly(Phase.Pending, Phase.Ready,
                Phase.Repairing, Phase.Repairing, Phase.Repairing, Phase.Repairing, Phase.Ready, Phase.Ready);
        assertThat(phases(of(CLUSTER_REQUESTED, DNS_PUBLISHED, NODE_REPAIR_STARTED, NODE_REPAIR_FAILED)))
                .endsWith(Phase.Repairing, Phase.Degraded);
        assertThat(phases(of(CLUSTER_REQUESTED, DNS_PUBLISHED, NODE_REPAIR_STARTED, NODE_REPAIR_FAILED,
                NODE_REPAIR_STARTED, DNS_PUBLISHED))).as("a later repair that ends well clears Degraded")
                .endsWith(Phase.Degraded, Phase.Repairing, Phase.Ready);
        assertThat(Lifecycle.turnsBackwards(Samples.of(NODE_REPAIR_FAILED))).isFalse();
        assertThat(phases(of(CLUSTER_REQUESTED, DNS_PUBLISHED, NODE_REPAIR_STARTED, CLUSTER_DELETE_REQUESTED)))
                .endsWith(Phase.Deleting);
    }

    @Test
    void aScaleLeavesReadyUntilDnsIsPublishedAgainOrTheRemovedNodesAreGone() {
        assertThat(phases(of(CLUSTER_REQUESTED, DNS_PUBLISHED, CLUSTER_SCALE_REQUESTED, DNS_PUBLISHED)))
                .containsExactly(Phase.Pending, Phase.Ready, Phase.Provisioning, Phase.Ready);
        assertThat(phases(of(CLUSTER_REQUESTED, DNS_PUBLISHED, CLUSTER_SCALE_REQUESTED, CLUSTER_NODES_DRAINED,
                NODES_REMOVED))).endsWith(Phase.Provisioning, Phase.Ready);
    }

    @Test
    void failuresDeletesAndRollbackOrDeleteCompensationsTurnTheSagaBackwards() {
        List<EventType> backwards = Arrays.stream(EventType.values())
                .filter(t -> Lifecycle.turnsBackwards(Samples.of(t))).toList();
        assertThat(backwards).containsExactlyInAnyOrder(EventType.CLUSTER_DELETE_REQUESTED,
                EventType.NODE_PROVISION_FAILED, EventType.NODES_RELEASED, EventType.LXC_FAILED,
                EventType.LXC_RELEASED, EventType.NETWORK_FAILED, EventType.NETWORK_RELEASED,
                EventType.CLUSTER_JOIN_FAILED, EventType.CLUSTER_RESET, EventType.APPS_FAILED,
                EventType.APPS_DELETED, EventType.DNS_FAILED, EventType.DNS_RECORDS_DELETED);
        assertThat(Lifecycle.keeps(requested(true).spec())).isTrue();
        assertThat(Lifecycle.keeps(requested(false).spec())).isFalse();
        assertThat(Lifecycle.keeps(null)).isFalse();
    }
}
