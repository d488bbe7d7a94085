package io.kubelode.dns.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WithdrawalTest {
    private static final Map<Integer, String> FIVE = Map.of(1, "203.0.113.1", 2, "203.0.113.2", 3, "203.0.113.3",
            4, "203.0.113.4", 5, "203.0.113.5");

    @Test
    void theOwnedNamesKeepOnlyTheRemainingNodesAddressesInNodeOrder() {
        ObservedRecords seen = ObservedRecords.of("example.org", List.of(
                new ObservedName("example.org", Set.copyOf(FIVE.values()), 30, Optional.of("c")),
                new ObservedName("www.example.org", Set.copyOf(FIVE.values()), 30, Optional.of("c")),
                new ObservedName("mail.example.org", Set.of("198.51.100.7"), 300, Optional.empty()),
                new ObservedName("other.example.org", Set.of("198.51.100.8"), 30, Optional.of("other"))));

        List<String> remaining = Withdrawal.remaining(FIVE, 3);
        DesiredRecords desired = Withdrawal.records("c", seen, remaining, 30);

        assertThat(remaining).containsExactly("203.0.113.1", "203.0.113.2", "203.0.113.3");
        assertThat(Withdrawal.leaving(FIVE, List.of(5, 4))).containsExactly("203.0.113.4", "203.0.113.5");
        assertThat(desired.names()).containsOnlyKeys("example.org", "www.example.org");
        assertThat(desired.addresses()).containsExactly("203.0.113.1", "203.0.113.2", "203.0.113.3");
        // applied to what is there, the diff removes exactly the leaving addresses and touches no other name
        RecordDiff.Result diff = RecordDiff.between(desired, seen, 30);
        assertThat(diff.conflicts()).isEmpty();
        assertThat(diff.changes()).containsExactlyInAnyOrder(
                new RecordChange.RemoveAddress("example.org", "203.0.113.4"),
                new RecordChange.RemoveAddress("example.org", "203.0.113.5"),
                new RecordChange.RemoveAddress("www.example.org", "203.0.113.4"),
                new RecordChange.RemoveAddress("www.example.org", "203.0.113.5"));
    }

    @Test
    void refusesWhenNoRemainingAddressIsKnown() {
        assertThatThrownBy(() -> Withdrawal.remaining(Map.of(4, "203.0.113.4"), 3)).isInstanceOf(PlanException.class);
    }
}
