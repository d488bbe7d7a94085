package io.kubelode.provisioner.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.MemoryAccount;
import io.kubelode.support.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch's decisions, with an account and a bus in memory: which Linode events and instance states start
 * which repair, once, only for Ready clusters, and when a repair is done.
 */
class NodeWatchTest {
    private static final String C = "c";
    private static final Duration REPLACE_AFTER = Duration.ofMinutes(15);

    private final MemoryAccount account = new MemoryAccount();
    private final RepairView view = new RepairView();
    private final List<KubelodeEvent> published = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-08T10:00:00Z");
    private NodeWatch watch;

    @BeforeEach
    void aReadyCluster() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        // the bus: what the watch publishes is folded into its own view, as the follower would
        watch = new NodeWatch(account, view, () -> CompletableFuture.completedFuture(null), e -> {
            published.add(e);
            fold(e);
            return CompletableFuture.completedFuture(null);
        }, REPLACE_AFTER, clock);
        ClusterSpec spec = new ClusterSpec("c", "eu-central", "g6-nanode-1", "linode/debian12", 3, "c.example.org",
                List.of(), List.of("ssh-ed25519 AAAA me"), null, "1.31.4", false);
        fold(new ClusterRequested(C, spec));
        for (int n = 1; n <= 3; n++) {
            account.add(40 + n, C + "-" + n, "kubelode", "kl:c");
            fold(new NodeProvisioned(C, n, C + "-" + n, 40 + n, "eu-central", "127.78.0." + n, null, 22, "SHA256:x"));
        }
        account.event("linode_boot", "finished", 41); // before the watch began: never acted on
        fold(new DnsPublished(C, Map.of()));
        watch.round(); // the first round only finds where the events are
    }

    @Test
    void aFinishedRebootStartsOneRebootRepairAndDnsPublishedEndsIt() {
        var reboot = account.event("linode_reboot", "started", 42);
        watch.round();
        assertThat(published).as("a reboot still under way is waited for").isEmpty();
        account.eventStatus(reboot.id(), "finished");
        watch.round();
        watch.round();
        assertThat(published).singleElement().isEqualTo(new NodeRepairStarted(C, 2, Repair.REBOOT, 42,
                "linode_reboot finished (event " + reboot.id() + ")"));

        now = now.plusSeconds(95);
        fold(new NodeProvisioned(C, 2, C + "-2", 42, "eu-central", "127.78.0.2", null, 22, "SHA256:x"));
        fold(new DnsPublished(C, Map.of()));
        watch.round();
        assertThat(published).hasSize(2);
        assertRepaired(published.get(1), 2, Repair.REBOOT, 42, 95.0);
        watch.round();
        assertThat(published).as("said once").hasSize(2);
    }

    @Test
    void aDeleteBehindKubelodesBackReplacesTheNodeAndTheReplacementsIdIsTheOneRepaired() {
        account.deleteInstance(41);
        var delete = account.event("linode_delete", "finished", 41);
        watch.round();
        assertThat(published).singleElement().isEqualTo(new NodeRepairStarted(C, 1, Repair.REPLACE, 41,
                "linode_delete finished (event " + delete.id() + ")"));
        watch.round();
        assertThat(published).as("the instance check does not start a second repair").hasSize(1);

        now = now.plusSeconds(400);
        account.add(77, C + "-1", "kubelode", "kl:c");
        fold(new NodeProvisioned(C, 1, C + "-1", 77, "eu-central", "127.78.0.77", null, 22, "SHA256:x"));
        fold(new DnsPublished(C, Map.of()));
        watch.round();
        assertRepaired(published.get(published.size() - 1), 1, Repair.REPLACE, 77, 400.0);
    }

    @Test
    void anInstanceGoneWithoutAnEventSeenIsReplacedToo() {
        account.deleteInstance(43); // while no watch ran
        watch.round();
        assertThat(published).singleElement().isEqualTo(new NodeRepairStarted(C, 3, Repair.REPLACE, 43,
                "instance 43 is gone"));
    }

    @Test
    void aNodeOfflineOrUnreachableLongerThanTheLimitIsReplacedNotBefore() {
        account.status(42, Instance.OFFLINE);
        watch.round();
        now = now.plus(REPLACE_AFTER).minusSeconds(1);
        watch.round();
        assertThat(published).as("offline, but not for long enough").isEmpty();
        now = now.plusSeconds(2);
        watch.round();
        assertThat(published).singleElement().satisfies(e -> {
            NodeRepairStarted s = (NodeRepairStarted) e;
            assertThat(s.node()).isEqualTo(2);
            assertThat(s.repair()).isEqualTo(Repair.REPLACE);
            assertThat(s.cause()).startsWith("offline since");
        });
    }

    @Test
    void aNodeHeldOutOfDnsByTheHealthWatchIsReplacedAfterTheLimit() {
        fold(new DnsAddressWithdrawn(C, 3, "127.78.0.3", FailureReason.NODE_NOT_READY), now);
        now = now.plus(REPLACE_AFTER).plusSeconds(1);
        watch.round();
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(((NodeRepairStarted) e).node()).isEqualTo(3);
            assertThat(((NodeRepairStarted) e).cause()).startsWith("unreachable from outside since");
        });
    }

    @Test
    void nothingStartsForAClusterThatIsNotReady() {
        fold(new ClusterDeleteRequested(C));
        account.deleteInstance(41);
        account.event("linode_delete", "finished", 41);
        account.event("linode_reboot", "finished", 42);
        watch.round();
        assertThat(published).isEmpty();
    }

    @Test
    void eventsBeforeTheWatchBeganAndOfOtherInstancesStartNothing() {
        account.event("linode_reboot", "finished", 999);
        account.event("linode_shutdown", "failed", 42);
        watch.round();
        assertThat(published).isEmpty();
    }

    private static void assertRepaired(KubelodeEvent e, int node, Repair repair, long linodeId, double seconds) {
        assertThat(e).isInstanceOf(NodeRepaired.class);
        NodeRepaired r = (NodeRepaired) e;
        assertThat(List.of(r.clusterId(), r.node(), r.repair(), r.linodeId())).containsExactly(C, node, repair, linodeId);
        assertThat(r.seconds()).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.05));
    }

    private void fold(KubelodeEvent e) {
        fold(e, now);
    }

    private void fold(KubelodeEvent e, Instant at) {
        // each record a millisecond after the last, as the bus would time them
        now = now.plusMillis(1);
        view.fold(new CloudEvent("id-" + published.size() + "-" + at, io.kubelode.events.EventType.of(e), "/test",
                e.clusterId(), at.plusMillis(1), e));
    }
}
