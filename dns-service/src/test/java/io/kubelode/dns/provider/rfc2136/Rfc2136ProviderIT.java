package io.kubelode.dns.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubelode.dns.DnsReconciler;
import io.kubelode.dns.Retry;
import io.kubelode.dns.bind.BindServer;
import io.kubelode.dns.plan.AddressSelection;
import io.kubelode.dns.plan.DesiredRecords;
import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.dns.plan.Ownership;
import io.kubelode.dns.plan.RecordDiff;
import io.kubelode.dns.provider.DnsProvider.Reconcile;
import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.FailureReason;
import io.kubelode.events.spec.App;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** The RFC 2136 provider against a real BIND 9, checked with real DNS queries. */
class Rfc2136ProviderIT {
    private static final String ZONE = "kubelode.test";
    private static final List<String> NODES = List.of("203.0.113.1", "203.0.113.2", "203.0.113.3");
    private static BindServer bind;
    private static Rfc2136Provider provider;
    private static DnsReconciler reconciler;

    @BeforeAll
    static void startBind() {
        // records kubelode does not own: a mail host, the apex's SPF, and an app host someone else took
        bind = BindServer.start(Path.of("target"), ZONE, List.of(
                "mail IN A 192.0.2.99",
                "@ IN TXT \"v=spf1 -all\"",
                "git.conflict IN A 192.0.2.77"));
        provider = new Rfc2136Provider(bind.settings());
        reconciler = new DnsReconciler(provider, new Retry(3, Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @AfterAll
    static void stopBind() {
        if (bind != null) {
            bind.close();
        }
    }

    private static DesiredRecords plan(String cluster, String domain) {
        return DnsPlanner.plan(cluster, domain, List.of(App.WEB, App.BLOG), NODES);
    }

    @Test
    void publishesEveryNodeAddressForTheApexAndEveryAppHostThenChangesNothingOnARerun() {
        DesiredRecords desired = plan("c-publish", "pub." + ZONE);
        assertThat(reconciler.publish(desired)).isEqualTo(Reconcile.PATCHED);

        for (String name : List.of("pub." + ZONE, "www.pub." + ZONE, "blog.pub." + ZONE)) {
            assertThat(bind.addresses(name)).containsExactlyInAnyOrderElementsOf(NODES);
            assertThat(bind.ttl(name)).isEqualTo(30);
            assertThat(bind.txt(Ownership.ownerName(name))).containsExactly(Ownership.value("c-publish"));
        }
        assertThat(reconciler.publish(desired)).isEqualTo(Reconcile.NOOP);
        assertThat(RecordDiff.between(desired, provider.observe(desired.domain())).isNoop()).isTrue();
    }

    @Test
    void withdrawsADownNodeButNeverTheLastAddressAndRestoresIt() {
        DesiredRecords full = plan("c-health", "health." + ZONE);
        reconciler.publish(full);
        String www = "www.health." + ZONE;

        List<String> oneDown = AddressSelection.select(NODES, Set.of("203.0.113.2"), Set.copyOf(NODES));
        List<Long> millis = new java.util.ArrayList<>();
        for (int round = 0; round < 10; round++) {
            // the health check decided node 2 is down: time until BIND's answer no longer has it
            long decided = System.nanoTime();
            reconciler.converge(full.withAddresses(oneDown));
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> !bind.addresses(www).contains("203.0.113.2"));
            millis.add((System.nanoTime() - decided) / 1_000_000);
            assertThat(bind.addresses(www)).containsExactlyInAnyOrder("203.0.113.1", "203.0.113.3");
            assertThat(bind.addresses("health." + ZONE)).containsExactlyInAnyOrder("203.0.113.1", "203.0.113.3");
            reconciler.converge(full);
            assertThat(bind.addresses(www)).containsExactlyInAnyOrderElementsOf(NODES);
        }
        millis.sort(null);
        System.err.printf("kubelode: node down decision -> address gone from BIND's answer over %d runs: "
                + "min %d ms, median %d ms, max %d ms%n", millis.size(), millis.get(0), millis.get(millis.size() / 2),
                millis.get(millis.size() - 1));
        reconciler.converge(full.withAddresses(oneDown));

        List<String> allDown = AddressSelection.select(NODES, Set.copyOf(NODES), Set.copyOf(oneDown));
        reconciler.converge(full.withAddresses(allDown));
        assertThat(bind.addresses(www)).containsExactly("203.0.113.1");
        assertThat(bind.addresses("blog.health." + ZONE)).containsExactly("203.0.113.1");

        reconciler.converge(full);
        assertThat(bind.addresses(www)).containsExactlyInAnyOrderElementsOf(NODES);
    }

    @Test
    void refusesANameSomeoneElseHoldsAndLeavesItAlone() {
        DesiredRecords desired = DnsPlanner.plan("c-conflict", "conflict." + ZONE, List.of(App.GITEA), NODES);
        assertThatThrownBy(() -> reconciler.publish(desired)).isInstanceOf(DnsProviderException.class)
                .hasMessageContaining("git.conflict." + ZONE)
                .matches(e -> ((DnsProviderException) e).reason() == FailureReason.NAME_TAKEN_BY_OTHER)
                .matches(e -> !((DnsProviderException) e).isTransient());
        assertThat(bind.addresses("git.conflict." + ZONE)).containsExactly("192.0.2.77");
        assertThat(bind.addresses("conflict." + ZONE)).isEmpty();
    }

    @Test
    void teardownRemovesOnlyTheClustersNamesAndSucceedsWhenNothingWasPublished() {
        DesiredRecords mine = plan("c-teardown", "down." + ZONE);
        DesiredRecords other = plan("c-other", "other." + ZONE);
        reconciler.publish(mine);
        reconciler.publish(other);
        assertThat(provider.domainsOf("c-teardown")).containsExactly(ZONE);

        assertThat(reconciler.teardown("c-teardown")).isEqualTo(Reconcile.DELETED);

        for (String name : mine.names().keySet()) {
            assertThat(bind.rcode(name)).isEqualTo(Rcode.NXDOMAIN);
            assertThat(bind.txt(Ownership.ownerName(name))).isEmpty();
        }
        assertThat(bind.addresses("www.other." + ZONE)).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(bind.addresses("mail." + ZONE)).containsExactly("192.0.2.99");
        assertThat(bind.txt(ZONE)).containsExactly("v=spf1 -all");
        assertThat(provider.domainsOf("c-teardown")).isEmpty();
        assertThat(reconciler.teardown("c-teardown")).isEqualTo(Reconcile.NOOP);
        assertThat(reconciler.teardown("c-never-published")).isEqualTo(Reconcile.NOOP);
    }

    @Test
    void apexOfTheZoneItselfCanBePublishedBesideSoaNsAndForeignTxt() {
        DesiredRecords apex = DnsPlanner.plan("c-apex", ZONE, List.of(App.WEB), NODES.subList(0, 2));
        reconciler.publish(apex);
        assertThat(bind.addresses(ZONE)).containsExactlyInAnyOrder("203.0.113.1", "203.0.113.2");
        reconciler.teardown("c-apex");
        assertThat(bind.addresses(ZONE)).isEmpty();
        assertThat(bind.txt(ZONE)).containsExactly("v=spf1 -all");
        assertThat(bind.addresses("ns1." + ZONE)).containsExactly("127.0.0.1");
    }

    @Test
    void aWrongTsigKeyIsAPermanentFailureThatChangesNothing() {
        Rfc2136Settings wrongKey = bind.settingsWithWrongSecret();
        Rfc2136Provider wrong = new Rfc2136Provider(wrongKey);
        DesiredRecords desired = plan("c-wrongkey", "wrong." + ZONE);
        assertThatThrownBy(() -> new DnsReconciler(wrong, new Retry(1, Duration.ZERO, Duration.ZERO))
                .publish(desired)).isInstanceOf(DnsProviderException.class)
                .matches(e -> !((DnsProviderException) e).isTransient())
                .matches(e -> ((DnsProviderException) e).reason() == FailureReason.TSIG_REJECTED, "reason TsigRejected")
                .hasMessageNotContaining(wrongKey.secret());
        assertThat(wrongKey.toString()).doesNotContain(wrongKey.secret());
        assertThat(bind.rcode("wrong." + ZONE)).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aDomainOutsideTheZoneIsRefusedBeforeAnyUpdate() {
        assertThatThrownBy(() -> reconciler.publish(plan("c-outside", "example.org")))
                .isInstanceOf(DnsProviderException.class).hasMessageContaining("not inside");
    }
}
