package io.kubelode.dns.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.FailureReason;
import io.kubelode.events.spec.App;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsPlannerTest {
    private static final List<String> NODES = List.of("172.104.10.21", "172.104.10.22", "172.104.10.23");

    @Test
    void plansOneARecordPerNodeForTheApexAndEveryAppHostWithTtl30() {
        DesiredRecords d = DnsPlanner.plan("homelab-7k2qz", "Dyll.in.", List.of(App.WEB, App.GITEA, App.NEXTCLOUD),
                NODES);
        assertThat(d.domain()).isEqualTo("dyll.in");
        assertThat(d.ttl()).isEqualTo(30);
        assertThat(d.names()).containsOnlyKeys("dyll.in", "www.dyll.in", "git.dyll.in", "cloud.dyll.in");
        assertThat(d.names().values()).allSatisfy(a -> assertThat(a).containsExactlyElementsOf(NODES));
    }

    @Test
    void readsTheDomainFromTheAppUrlsOfAppsDeployed() {
        AppsDeployed e = new AppsDeployed("homelab-7k2qz", List.of("172.104.10.21", "172.104.10.22"), List.of(
                new DeployedApp(App.WEB, "http://www.dyll.in/", true),
                new DeployedApp(App.GITEA, "https://git.dyll.in/", true)));
        DesiredRecords d = DnsPlanner.plan(e);
        assertThat(d.names()).containsOnlyKeys("dyll.in", "www.dyll.in", "git.dyll.in");
        assertThat(d.asEventRecords().get("git.dyll.in")).containsExactly("172.104.10.21", "172.104.10.22");
    }

    @Test
    void duplicateAddressesCountOnce() {
        DesiredRecords d = DnsPlanner.plan("c", "example.org", List.of(), List.of("192.0.2.1", "192.0.2.1"));
        assertThat(d.addresses()).containsExactly("192.0.2.1");
    }

    @Test
    void refusesNoAddressesMalformedAddressesAndAppUrlsOnAnotherDomain() {
        assertThatThrownBy(() -> DnsPlanner.plan("c", "example.org", List.of(), List.of()))
                .isInstanceOf(PlanException.class)
                .matches(e -> ((PlanException) e).reason() == FailureReason.NO_NODE_ADDRESSES);
        assertThatThrownBy(() -> DnsPlanner.plan("c", "example.org", List.of(), List.of("10.0.0.256")))
                .matches(e -> ((PlanException) e).reason() == FailureReason.NODE_ADDRESS_MALFORMED);
        assertThatThrownBy(() -> DnsPlanner.plan("c", "example.org", List.of(), List.of("2001:db8::1")))
                .matches(e -> ((PlanException) e).reason() == FailureReason.NODE_ADDRESS_MALFORMED);
        assertThatThrownBy(() -> DnsPlanner.domainOf(List.of(new DeployedApp(App.WEB, "http://www.a.org/", true),
                new DeployedApp(App.BLOG, "http://blog.b.org/", true))))
                .matches(e -> ((PlanException) e).reason() == FailureReason.APP_URL_MALFORMED);
        assertThatThrownBy(() -> DnsPlanner.domainOf(List.of(new DeployedApp(App.WEB, "http://blog.a.org/", true))))
                .matches(e -> ((PlanException) e).reason() == FailureReason.APP_URL_MALFORMED);
        assertThatThrownBy(() -> DnsPlanner.plan(new AppsDeployed("c", NODES, List.of())))
                .matches(e -> ((PlanException) e).reason() == FailureReason.DOMAIN_UNKNOWN);
    }
}
