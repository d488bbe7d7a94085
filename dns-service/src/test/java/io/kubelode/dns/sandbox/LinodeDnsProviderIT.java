package io.kubelode.dns.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.dns.DnsReconciler;
import io.kubelode.dns.Retry;
import io.kubelode.dns.plan.AddressSelection;
import io.kubelode.dns.plan.DesiredRecords;
import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.Ownership;
import io.kubelode.dns.provider.DnsProvider.Reconcile;
import io.kubelode.dns.provider.linode.LinodeDnsApi;
import io.kubelode.dns.provider.linode.LinodeDnsProvider;
import io.kubelode.dns.provider.linode.LinodeDomain;
import io.kubelode.dns.provider.linode.LinodeRecord;
import io.kubelode.dns.provider.linode.LinodeSettings;
import io.kubelode.events.plan.LinodeNames;
import io.kubelode.events.spec.App;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Linode DNS Manager provider against the sandbox's domains API (its own process), every
 * exchange validated against the official Linode OpenAPI document.
 */
class LinodeDnsProviderIT {
    private static final List<String> NODES = List.of("203.0.113.1", "203.0.113.2", "203.0.113.3");
    private static Sandbox sandbox;
    private static LinodeSpecCheck spec;
    private static LinodeDnsProvider provider;
    private static LinodeDnsApi api;
    private static DnsReconciler reconciler;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start();
        spec = new LinodeSpecCheck();
        if (!LinodeSpecCheck.available()) {
            System.err.println(LinodeSpecCheck.skipMessage());
        }
        LinodeSettings settings = new LinodeSettings(sandbox.apiUrl(), Sandbox.TOKEN, "hostmaster@kubelode.test",
                Duration.ofSeconds(10));
        provider = new LinodeDnsProvider(settings, spec);
        api = new LinodeDnsApi(settings, spec);
        reconciler = new DnsReconciler(provider, new Retry(3, Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void everyExchangeConformsToTheOpenApiDocument() {
        assertThat(spec.checked()).isPositive();
        assertThat(spec.violations()).isEmpty();
    }

    private static LinodeDomain domain(String name) {
        return api.domains(Optional.empty()).stream().filter(d -> d.domain().equals(name)).findFirst().orElse(null);
    }

    private static List<LinodeRecord> records(String name, String type, String rel) {
        // the apex may come back as "" (Linode) or as the domain itself (as it was posted)
        return api.records(domain(name).id()).stream().filter(r -> r.type().equals(type)
                && (r.name().equals(rel) || rel.isEmpty() && r.name().equals(name))).toList();
    }

    @Test
    void createsTheDomainPublishesEveryNameChangesNothingOnARerunAndDeletesTheDomainItCreated() {
        DesiredRecords desired = DnsPlanner.plan("c-new", "new-kubelode.org", List.of(App.WEB, App.GITEA), NODES);
        assertThat(reconciler.publish(desired)).isEqualTo(Reconcile.CREATED);
        assertThat(domain("new-kubelode.org").tags()).contains(LinodeNames.clusterTag("c-new"));
        for (String rel : List.of("", "www", "git")) {
            assertThat(records("new-kubelode.org", "A", rel)).extracting(LinodeRecord::target)
                    .containsExactlyInAnyOrderElementsOf(NODES);
            assertThat(records("new-kubelode.org", "A", rel)).extracting(LinodeRecord::ttlSec)
                    .containsOnly(provider.storedTtl(30));
            String owner = rel.isEmpty() ? "_kubelode-owner" : "_kubelode-owner." + rel;
            assertThat(records("new-kubelode.org", "TXT", owner)).extracting(LinodeRecord::target)
                    .allMatch(t -> Ownership.ownerOf(t).equals(Optional.of("c-new")));
        }
        int writes = spec.writes().size();
        assertThat(reconciler.publish(desired)).isEqualTo(Reconcile.NOOP);
        assertThat(spec.writes()).hasSize(writes);

        assertThat(reconciler.teardown("c-new")).isEqualTo(Reconcile.DELETED);
        assertThat(domain("new-kubelode.org")).isNull();
        assertThat(reconciler.teardown("c-new")).isEqualTo(Reconcile.NOOP);
    }

    @Test
    void inADomainSomeoneElseMadeItTouchesOnlyItsOwnRecordsAndKeepsTheDomain() {
        LinodeDomain theirs = api.createDomain(new LinodeDomain(null, "theirs.org", "master", "me@theirs.org",
                null, List.of("personal")));
        api.createRecord(theirs.id(), new LinodeRecord(null, "A", "mail", "192.0.2.99", 300));
        api.createRecord(theirs.id(), new LinodeRecord(null, "TXT", "theirs.org", "v=spf1 -all", 300));
        api.createRecord(theirs.id(), new LinodeRecord(null, "A", "git", "192.0.2.77", 300));

        DesiredRecords desired = DnsPlanner.plan("c-theirs", "theirs.org", List.of(App.BLOG), NODES);
        assertThat(reconciler.publish(desired)).isEqualTo(Reconcile.PATCHED);
        assertThat(records("theirs.org", "A", "blog")).hasSize(3);

        DesiredRecords withGit = DnsPlanner.plan("c-theirs", "theirs.org", List.of(App.BLOG, App.GITEA), NODES);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.publish(withGit))
                .hasMessageContaining("git.theirs.org");
        assertThat(records("theirs.org", "A", "git")).extracting(LinodeRecord::target).containsExactly("192.0.2.77");

        assertThat(provider.domainsOf("c-theirs")).containsExactly("theirs.org");
        assertThat(reconciler.teardown("c-theirs")).isEqualTo(Reconcile.DELETED);
        assertThat(domain("theirs.org")).isNotNull();
        assertThat(api.records(theirs.id())).extracting(LinodeRecord::name)
                .containsExactlyInAnyOrder("mail", "theirs.org", "git");
        api.deleteDomain(theirs.id());
    }

    @Test
    void withdrawsADownNodeNeverTheLastAndRestoresIt() {
        DesiredRecords full = DnsPlanner.plan("c-health", "health-kubelode.org", List.of(App.WEB), NODES);
        reconciler.publish(full);
        reconciler.converge(full.withAddresses(AddressSelection.select(NODES, Set.of(NODES.get(1)),
                Set.copyOf(NODES))));
        assertThat(records("health-kubelode.org", "A", "www")).extracting(LinodeRecord::target)
                .containsExactlyInAnyOrder(NODES.get(0), NODES.get(2));
        reconciler.converge(full.withAddresses(AddressSelection.select(NODES, Set.copyOf(NODES),
                Set.of(NODES.get(0), NODES.get(2)))));
        assertThat(records("health-kubelode.org", "A", "www")).extracting(LinodeRecord::target)
                .containsExactly(NODES.get(0));
        reconciler.converge(full);
        ObservedRecords seen = provider.observe("health-kubelode.org");
        assertThat(seen.get("www.health-kubelode.org").orElseThrow().addresses())
                .containsExactlyInAnyOrderElementsOf(NODES);
        reconciler.teardown("c-health");
        assertThat(domain("health-kubelode.org")).isNull();
    }

    @Test
    void keepsADomainItCreatedWhenSomeoneAddedARecordToIt() {
        DesiredRecords desired = DnsPlanner.plan("c-keep", "keep-kubelode.org", List.of(), NODES);
        reconciler.publish(desired);
        LinodeDomain d = domain("keep-kubelode.org");
        api.createRecord(d.id(), new LinodeRecord(null, "A", "mail", "192.0.2.99", 300));
        assertThat(reconciler.teardown("c-keep")).isEqualTo(Reconcile.DELETED);
        assertThat(domain("keep-kubelode.org")).isNotNull();
        assertThat(api.records(d.id())).extracting(LinodeRecord::name).containsExactly("mail");
        api.deleteDomain(d.id());
    }
}
