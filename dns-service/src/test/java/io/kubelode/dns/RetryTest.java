package io.kubelode.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.FailureReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final List<Long> pauses = new ArrayList<>();

    private Retry retry(int attempts, Duration budget) {
        return new Retry(attempts, Duration.ofMillis(100), Duration.ofSeconds(1), budget, pauses::add);
    }

    private static DnsProviderException rateLimited() {
        return new DnsProviderException(FailureReason.LINODE_RATE_LIMITED, "POST /domains answered 429", true, null,
                Duration.ofSeconds(1));
    }

    @Test
    void aRateLimitStormLongerThanTheAttemptsIsWaitedOutAsAsked() {
        AtomicInteger calls = new AtomicInteger();
        String result = retry(5, Duration.ofMinutes(5)).call("publish", () -> {
            if (calls.incrementAndGet() <= 8) {
                throw rateLimited();
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(pauses).hasSize(8).allSatisfy(p -> assertThat(p).isBetween(1000L, 1250L));
    }

    @Test
    void rateLimitsBeyondTheBudgetFail() {
        assertThatThrownBy(() -> retry(5, Duration.ofSeconds(3)).call("publish", () -> {
            throw rateLimited();
        })).isInstanceOf(DnsProviderException.class).hasMessageContaining("429");
        assertThat(pauses).hasSize(3);
    }

    @Test
    void otherTransientFailuresUseUpTheAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry(5, Duration.ofMinutes(5)).call("publish", () -> {
            calls.incrementAndGet();
            throw new DnsProviderException(FailureReason.LINODE_UNAVAILABLE, "503", true);
        })).isInstanceOf(DnsProviderException.class);
        assertThat(calls).hasValue(5);
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry(5, Duration.ofMinutes(5)).call("publish", () -> {
            calls.incrementAndGet();
            throw new DnsProviderException(FailureReason.LINODE_REJECTED, "400", false);
        })).isInstanceOf(DnsProviderException.class);
        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }
}
