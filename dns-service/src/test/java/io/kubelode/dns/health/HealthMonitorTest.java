package io.kubelode.dns.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.dns.DnsReconciler;
import io.kubelode.dns.Retry;
import io.kubelode.dns.plan.DesiredRecords;
import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.events.DnsEvent;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.spec.App;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
    private static final List<String> NODES = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3");
    private static final String WWW = "www.example.org";

    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final List<DnsEvent> events = new CopyOnWriteArrayList<>();
    private InMemoryDnsProvider provider;
    private DnsReconciler reconciler;
    private HealthMonitor monitor;

    @BeforeEach
    void start() {
        provider = new InMemoryDnsProvider();
        reconciler = new DnsReconciler(provider, new Retry(1, Duration.ZERO, Duration.ZERO));
        monitor = new HealthMonitor(reconciler, address -> !closed.contains(address), new ReportedNodeStatus(),
                new HealthSettings(Duration.ofMillis(20), 3, 2), e -> {
                    events.add(e);
                    return CompletableFuture.completedFuture(null);
                }, Executors.newScheduledThreadPool(1), Executors.newCachedThreadPool());
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private static DesiredRecords plan(List<String> nodes) {
        return DnsPlanner.plan("c1", "example.org", List.of(App.WEB), nodes);
    }

    private DesiredRecords publish(DesiredRecords full) {
        DesiredRecords now = full.withAddresses(monitor.selection(full));
        reconciler.publish(now);
        monitor.watch(full, now);
        return now;
    }

    private long count(Class<? extends DnsEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Test
    void aRedeliveredPlanKeepsTheDownNodeWithdrawnWithoutAnotherEvent() {
        DesiredRecords full = plan(NODES);
        publish(full);
        closed.add("192.0.2.2");
        await().atMost(Duration.ofSeconds(5)).until(() -> count(DnsAddressWithdrawn.class) == 1);
        assertThat(provider.addressesOf(WWW)).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.3");

        DesiredRecords again = publish(full);
        assertThat(again.addresses()).containsExactly("192.0.2.1", "192.0.2.3");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> count(DnsAddressWithdrawn.class) == 1);
        assertThat(provider.addressesOf(WWW)).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.3");
    }

    @Test
    void aNewNodeSetKeepsWhatWasDecidedAndRestoresTheNodeWhenItRecovers() {
        publish(plan(NODES));
        closed.add("192.0.2.2");
        await().atMost(Duration.ofSeconds(5)).until(() -> count(DnsAddressWithdrawn.class) == 1);

        List<String> scaled = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
        publish(plan(scaled));
        assertThat(provider.addressesOf(WWW)).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.3", "192.0.2.4");

        closed.remove("192.0.2.2");
        DnsAddressRestored restored = (DnsAddressRestored) await().atMost(Duration.ofSeconds(5))
                .until(() -> events.stream().filter(DnsAddressRestored.class::isInstance).findFirst(),
                        java.util.Optional::isPresent).get();
        assertThat(restored.node()).isEqualTo(2);
        assertThat(provider.addressesOf(WWW)).containsExactlyInAnyOrderElementsOf(scaled);
    }

    @Test
    void whenEveryNodeIsDownTheNamesKeepOneAddress() {
        publish(plan(NODES));
        closed.addAll(NODES);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(DnsAddressWithdrawn.class) == 2);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> provider.addressesOf(WWW).equals(Set.of("192.0.2.1")));
        assertThat(events).filteredOn(DnsAddressWithdrawn.class::isInstance)
                .extracting(e -> ((DnsAddressWithdrawn) e).node()).containsExactlyInAnyOrder(2, 3);
    }
}
