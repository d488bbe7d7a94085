package io.kubelode.provisioner.linode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateGateTest {

    /** The system clock, remembering the last instant it gave: the instant the gate admitted a caller at. */
    static final class RecordingClock extends Clock {
        volatile Instant last;

        @Override
        public Instant instant() {
            Instant now = Instant.now();
            last = now;
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void neverLetsMoreThanTheLimitThroughInAnyWindow() throws Exception {
        // the admissions are compared on the gate's own clock: a caller preempted between its admission
        // and a later reading of another clock would seem admitted early
        RecordingClock clock = new RecordingClock();
        RateGate gate = new RateGate(clock, 3, Duration.ofMillis(400));
        List<Instant> admitted = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 7; i++) {
            gate.awaitTurn();
            admitted.add(clock.last);
        }
        for (int i = 3; i < admitted.size(); i++) {
            assertThat(Duration.between(admitted.get(i - 3), admitted.get(i))).as("%s", admitted)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("7 admissions at 3 per 400 ms take two windows")
                .isGreaterThanOrEqualTo(790);
    }

    @Test
    void holdsCallersUntilAPauseEnds() throws Exception {
        RateGate gate = new RateGate(Clock.systemUTC(), 100, Duration.ofSeconds(1));
        gate.pauseUntil(Instant.now().plusMillis(300));
        long start = System.nanoTime();
        gate.awaitTurn();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
    }

    @Test
    void aCancelledCallerLeavesAtOnceWithoutTakingASlot() throws Exception {
        RateGate gate = new RateGate(Clock.systemUTC(), 1, Duration.ofSeconds(5));
        gate.awaitTurn();
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Boolean> waiting = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return gate.awaitTurn(cancelled::get);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        long start = System.nanoTime();
        cancelled.set(true);
        assertThat(waiting.get(2, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(RateGate.CANCEL_CHECK_MS + 150);
        assertThat(gate.awaitTurn(() -> true)).as("cancelled before it waited").isFalse();
    }

    @Test
    void backoffGrowsToItsCapWithJitter() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 10);
        assertThat(b.delay(1).toMillis()).isBetween(50L, 100L);
        assertThat(b.delay(3).toMillis()).isBetween(200L, 400L);
        assertThat(b.delay(30).toMillis()).isBetween(1000L, 2000L);
    }
}
