package io.kubelode.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final Retry FAST = new Retry(3, Duration.ofMillis(2), Duration.ofMillis(5));

    @Test
    void aTransientFailureIsRetriedUntilTheStepReturns() {
        AtomicInteger runs = new AtomicInteger();
        List<Integer> heard = new ArrayList<>();
        String result = FAST.run(() -> {
            if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException("flaky");
            }
            return "done";
        }, e -> true, (attempt, e) -> heard.add(attempt));
        assertThat(result).isEqualTo("done");
        assertThat(heard).containsExactly(1, 2);
    }

    @Test
    void theLastFailureIsThrownWhenTheAttemptsAreUsedUp() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> FAST.run(() -> {
            throw new IllegalStateException("run " + runs.incrementAndGet());
        }, e -> true, (a, e) -> { })).hasMessage("run 3");
    }

    @Test
    void aFailureThatIsNotTransientIsThrownAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> FAST.run(() -> {
            runs.incrementAndGet();
            throw new IllegalArgumentException("permanent");
        }, e -> e instanceof IllegalStateException, (a, e) -> { })).hasMessage("permanent");
        assertThat(runs).hasValue(1);
    }

    @Test
    void thePauseDoublesUpToTheCap() {
        Retry r = new Retry(10, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(List.of(r.pause(1), r.pause(2), r.pause(3), r.pause(5), r.pause(6), r.pause(60)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
