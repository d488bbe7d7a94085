package io.kubelode.dns.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.spec.App;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchHistoryTest {
    private static final List<String> NODES = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3");

    private static AppsDeployed deployed(String cluster) {
        return new AppsDeployed(cluster, NODES, List.of(new DeployedApp(App.WEB, "http://www.example.org/", true)));
    }

    private static DnsPublished published(String cluster) {
        return new DnsPublished(cluster, Map.of("example.org", NODES, "www.example.org", NODES));
    }

    @Test
    void rebuildsWhatWasPublishedAndWhichNodesAreHeldDown() {
        WatchHistory h = new WatchHistory();
        h.add(deployed("c1"));
        h.add(published("c1"));
        h.add(new DnsAddressWithdrawn("c1", 2, "192.0.2.2", FailureReason.PORTS_UNREACHABLE));
        h.add(new DnsAddressWithdrawn("c1", 3, "192.0.2.3", FailureReason.NODE_NOT_READY));
        h.add(new DnsAddressRestored("c1", 3, "192.0.2.3"));
        assertThat(h.watched()).singleElement().satisfies(w -> {
            assertThat(w.full().addresses()).containsExactlyElementsOf(NODES);
            assertThat(w.published()).containsExactly("192.0.2.1", "192.0.2.3");
            assertThat(w.downReasons()).containsExactly(Map.entry("192.0.2.2", FailureReason.PORTS_UNREACHABLE));
        });
    }

    @Test
    void leavesOutDeletedClustersAndThoseThatNeverPublished() {
        WatchHistory h = new WatchHistory();
        h.add(deployed("gone"));
        h.add(published("gone"));
        h.add(new DnsRecordsDeleted("gone", Cause.DELETE, FailureReason.DELETED));
        h.add(deployed("failed"));
        h.add(new DnsRecordsDeleted("failed", Cause.ROLLBACK, FailureReason.DOMAIN_OUTSIDE_ZONE));
        h.add(deployed("pending"));
        assertThat(h.watched()).isEmpty();
    }
}
