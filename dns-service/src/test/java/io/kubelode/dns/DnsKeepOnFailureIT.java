package io.kubelode.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.dns.bind.BindResource;
import io.kubelode.dns.bind.BindServer;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsFailed;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.testkit.bus.TopicEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/**
 * SAGA.md: with {@code keepOnFailure: true} the failing layer stops after its {@code …Failed} event
 * and nothing is rolled back. Two clusters with published records fail the same way in the DNS
 * layer (as a later AppsDeployed can, e.g. a scale-up's); only the one without keepOnFailure loses
 * its records and gets DnsRecordsDeleted(ROLLBACK). The kept cluster's records stay until a delete.
 * A real broker and a real BIND 9, as in {@link DnsServiceIT}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(BindResource.class)
class DnsKeepOnFailureIT {
    private static final List<String> NODES = List.of("127.0.2.1", "127.0.2.2", "127.0.2.3");

    @Test
    void aDnsFailureWithKeepOnFailureDeletesNoRecordAndPublishesNoRollback() throws Exception {
        BindServer bind = BindResource.bind();
        String suffix = UUID.randomUUID().toString().substring(0, 5);
        String kept = "it-kept-" + suffix;
        String rolled = "it-rolled-" + suffix;
        String keptWww = "www.kept-" + suffix + "." + BindResource.ZONE;
        String rolledWww = "www.rolled-" + suffix + "." + BindResource.ZONE;
        List<KubelodeEvent> seen = TopicEvents.follow(SharedBroker.get().bootstrapServers(), Topics.DNS);
        publish(new ClusterRequested(kept, spec(kept, true)));
        publish(new ClusterRequested(rolled, spec(rolled, false)));
        publish(deployed(kept, "kept-" + suffix, NODES));
        publish(deployed(rolled, "rolled-" + suffix, NODES));
        awaitSaga(seen, kept, 1);
        awaitSaga(seen, rolled, 1);
        assertThat(bind.addresses(keptWww)).isNotEmpty();
        assertThat(bind.addresses(rolledWww)).isNotEmpty();

        // the same failure in this layer for both: an AppsDeployed whose node address is no IPv4
        List<String> broken = List.of("127.0.2.1", "not-an-address", "127.0.2.3");
        publish(deployed(kept, "kept-" + suffix, broken));
        publish(deployed(rolled, "rolled-" + suffix, broken));

        // without keepOnFailure: DnsFailed, the records deleted, DnsRecordsDeleted(ROLLBACK)
        List<KubelodeEvent> rolledEvents = awaitSaga(seen, rolled, 3);
        assertThat(rolledEvents.get(1)).isInstanceOfSatisfying(DnsFailed.class,
                f -> assertThat(f.reason()).isEqualTo(FailureReason.NODE_ADDRESS_MALFORMED));
        assertThat(rolledEvents.get(2)).isEqualTo(new DnsRecordsDeleted(rolled, Cause.ROLLBACK,
                FailureReason.NODE_ADDRESS_MALFORMED));
        assertThat(bind.rcode(rolledWww)).isEqualTo(Rcode.NXDOMAIN);

        // with keepOnFailure: DnsFailed, and the records stay (a rollback deletes them before its events go out)
        List<KubelodeEvent> keptEvents = awaitSaga(seen, kept, 2);
        assertThat(keptEvents.get(0)).isInstanceOf(DnsPublished.class);
        assertThat(keptEvents.get(1)).isInstanceOfSatisfying(DnsFailed.class,
                f -> assertThat(f.reason()).isEqualTo(FailureReason.NODE_ADDRESS_MALFORMED));
        assertThat(bind.rcode(keptWww)).as("the kept cluster's records answer").isEqualTo(Rcode.NOERROR);
        assertThat(bind.addresses(keptWww)).isNotEmpty();

        // a delete still tears it down; one cluster's steps run in order, so a rollback would come before it
        publish(new ClusterDeleteRequested(kept));
        assertThat(awaitSaga(seen, kept, 3)).as("no DnsRecordsDeleted(ROLLBACK) for the kept cluster")
                .containsExactly(keptEvents.get(0), keptEvents.get(1),
                        new DnsRecordsDeleted(kept, Cause.DELETE, FailureReason.DELETED));
        assertThat(bind.rcode(keptWww)).isEqualTo(Rcode.NXDOMAIN);
    }

    private static ClusterSpec spec(String name, boolean keepOnFailure) {
        return new ClusterSpec(name, "eu-central", null, null, 3, "example.org", List.of(App.WEB, App.BLOG),
                List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtest"), null, null, keepOnFailure);
    }

    private static AppsDeployed deployed(String cluster, String label, List<String> nodes) {
        String domain = label + "." + BindResource.ZONE;
        return new AppsDeployed(cluster, nodes, List.of(
                new DeployedApp(App.WEB, "http://www." + domain + "/", true),
                new DeployedApp(App.BLOG, "http://blog." + domain + "/", true)));
    }

    /** The cluster's saga events on the dns topic (the health monitor's withdrawals left out). */
    private static List<KubelodeEvent> saga(List<KubelodeEvent> seen, String cluster) {
        return seen.stream().filter(e -> e.clusterId().equals(cluster))
                .filter(e -> e instanceof DnsPublished || e instanceof DnsFailed || e instanceof DnsRecordsDeleted)
                .toList();
    }

    private static List<KubelodeEvent> awaitSaga(List<KubelodeEvent> seen, String cluster, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> saga(seen, cluster).size() >= count);
        return saga(seen, cluster);
    }

    private static void publish(KubelodeEvent event) {
        TopicEvents.publish(SharedBroker.get().bootstrapServers(), event);
    }
}
