package io.kubelode.dns.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.dns.plan.HealthTracker.Probe;
import io.kubelode.events.FailureReason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthDecisionTest {
    private static final Probe OK = new Probe(true, true);
    private static final Probe PORTS_CLOSED = new Probe(true, false);
    private static final Probe NOT_READY = new Probe(false, true);
    private static final List<String> NODES = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3");

    @Test
    void aNodeIsDownOnlyAfterNBadRoundsInARowAndUpAfterMGoodOnes() {
        HealthTracker t = new HealthTracker(3, 2);
        assertThat(t.record("a", PORTS_CLOSED)).isEmpty();
        assertThat(t.record("a", PORTS_CLOSED)).isEmpty();
        assertThat(t.record("a", OK)).isEmpty();
        assertThat(t.record("a", PORTS_CLOSED)).isEmpty();
        assertThat(t.record("a", PORTS_CLOSED)).isEmpty();
        assertThat(t.record("a", PORTS_CLOSED)).hasValueSatisfying(tr -> {
            assertThat(tr.down()).isTrue();
            assertThat(tr.reason()).isEqualTo(FailureReason.PORTS_UNREACHABLE);
        });
        assertThat(t.isDown("a")).isTrue();
        assertThat(t.record("a", PORTS_CLOSED)).isEmpty();
        assertThat(t.record("a", OK)).isEmpty();
        assertThat(t.record("a", OK)).hasValueSatisfying(tr -> assertThat(tr.down()).isFalse());
        assertThat(t.isDown("a")).isFalse();
    }

    @Test
    void aNodeTheApiServerCallsNotReadyIsDownWithThatReason() {
        HealthTracker t = new HealthTracker(1, 1);
        assertThat(t.record("a", NOT_READY)).hasValueSatisfying(
                tr -> assertThat(tr.reason()).isEqualTo(FailureReason.NODE_NOT_READY));
    }

    @Test
    void selectsEveryHealthyNodeInNodeOrder() {
        assertThat(AddressSelection.select(NODES, Set.of("192.0.2.2"), Set.copyOf(NODES)))
                .containsExactly("192.0.2.1", "192.0.2.3");
        assertThat(AddressSelection.select(NODES, Set.of(), Set.of("192.0.2.1"))).containsExactlyElementsOf(NODES);
    }

    @Test
    void neverWithdrawsTheLastAddressAndKeepsTheOneAlreadyPublished() {
        assertThat(AddressSelection.select(NODES, Set.copyOf(NODES), Set.of("192.0.2.3")))
                .containsExactly("192.0.2.3");
        assertThat(AddressSelection.select(NODES, Set.copyOf(NODES), Set.copyOf(NODES)))
                .containsExactly("192.0.2.1");
        assertThat(AddressSelection.select(NODES, Set.copyOf(NODES), Set.of())).containsExactly("192.0.2.1");
    }
}
