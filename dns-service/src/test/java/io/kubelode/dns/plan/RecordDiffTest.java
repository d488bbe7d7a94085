package io.kubelode.dns.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.dns.plan.RecordChange.AddAddress;
import io.kubelode.dns.plan.RecordChange.AddOwner;
import io.kubelode.dns.plan.RecordChange.RemoveAddress;
import io.kubelode.dns.plan.RecordChange.RemoveOwner;
import io.kubelode.dns.plan.RecordChange.Retime;
import io.kubelode.events.spec.App;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordDiffTest {
    private static final DesiredRecords DESIRED = DnsPlanner.plan("c1", "example.org", List.of(App.WEB),
            List.of("192.0.2.1", "192.0.2.2"));

    private static ObservedName owned(String name, String cluster, int ttl, String... addresses) {
        return new ObservedName(name, Set.of(addresses), addresses.length == 0 ? -1 : ttl, Optional.of(cluster));
    }

    private static ObservedName foreign(String name, String... addresses) {
        return new ObservedName(name, Set.of(addresses), 300, Optional.empty());
    }

    @Test
    void createsOwnerBeforeAddressesOnAnEmptyDomain() {
        RecordDiff.Result r = RecordDiff.between(DESIRED, ObservedRecords.of("example.org", List.of()));
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.changes()).containsExactly(
                new AddOwner("example.org", "c1"), new AddAddress("example.org", "192.0.2.1", 30),
                new AddAddress("example.org", "192.0.2.2", 30),
                new AddOwner("www.example.org", "c1"), new AddAddress("www.example.org", "192.0.2.1", 30),
                new AddAddress("www.example.org", "192.0.2.2", 30));
    }

    @Test
    void changesNothingWhenEverythingIsThere() {
        ObservedRecords seen = ObservedRecords.of("example.org", List.of(
                owned("example.org", "c1", 30, "192.0.2.1", "192.0.2.2"),
                owned("www.example.org", "c1", 30, "192.0.2.2", "192.0.2.1"),
                foreign("mail.example.org", "198.51.100.1")));
        assertThat(RecordDiff.between(DESIRED, seen).isNoop()).isTrue();
    }

    @Test
    void addsMissingRemovesExtraRetimesAndDropsOwnedNamesNoLongerPlanned() {
        ObservedRecords seen = ObservedRecords.of("example.org", List.of(
                owned("example.org", "c1", 300, "192.0.2.1", "192.0.2.9"),
                owned("www.example.org", "c1", 30, "192.0.2.1"),
                owned("blog.example.org", "c1", 30, "192.0.2.1"),
                foreign("mail.example.org", "198.51.100.1")));
        assertThat(RecordDiff.between(DESIRED, seen).changes()).containsExactly(
                new Retime("example.org", "192.0.2.1", 30), new AddAddress("example.org", "192.0.2.2", 30),
                new RemoveAddress("example.org", "192.0.2.9"),
                new AddAddress("www.example.org", "192.0.2.2", 30),
                new RemoveAddress("blog.example.org", "192.0.2.1"), new RemoveOwner("blog.example.org", "c1"));
    }

    @Test
    void aTtlTheProviderRoundedIsNotFixedOnEveryRun() {
        ObservedRecords rounded = ObservedRecords.of("example.org", List.of(
                owned("example.org", "c1", 300, "192.0.2.1", "192.0.2.2"),
                owned("www.example.org", "c1", 300, "192.0.2.1", "192.0.2.2")));
        assertThat(RecordDiff.between(DESIRED, rounded, 300).isNoop()).isTrue();
        assertThat(RecordDiff.between(DESIRED, rounded).changes()).hasSize(4).allMatch(c -> c instanceof Retime);
    }

    @Test
    void neverTakesOverANameWithForeignRecordsOrAnotherClustersName() {
        ObservedRecords seen = ObservedRecords.of("example.org", List.of(
                foreign("example.org", "198.51.100.1"),
                owned("www.example.org", "c2", 30, "198.51.100.2")));
        RecordDiff.Result r = RecordDiff.between(DESIRED, seen);
        assertThat(r.changes()).isEmpty();
        assertThat(r.conflicts()).extracting(RecordDiff.Conflict::name)
                .containsExactly("example.org", "www.example.org");
    }

    @Test
    void aNameWithOnlyAnotherOwnersTxtOrNothingAtAllIsHandledApart() {
        ObservedRecords onlyTxt = ObservedRecords.of("example.org", List.of(
                new ObservedName("www.example.org", Set.of(), -1, Optional.of("c2"))));
        assertThat(RecordDiff.between(DESIRED, onlyTxt).conflicts()).hasSize(1);
    }

    @Test
    void teardownRemovesOnlyTheClustersNamesAddressesFirst() {
        ObservedRecords seen = ObservedRecords.of("example.org", List.of(
                owned("example.org", "c1", 30, "192.0.2.1"),
                owned("www.example.org", "c2", 30, "192.0.2.1"),
                foreign("mail.example.org", "198.51.100.1")));
        assertThat(RecordDiff.teardown("c1", seen)).containsExactly(
                new RemoveAddress("example.org", "192.0.2.1"), new RemoveOwner("example.org", "c1"));
        assertThat(RecordDiff.teardown("c3", seen)).isEmpty();
    }
}
