package io.kubelode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.sandbox.api.ApiException;
import io.kubelode.sandbox.api.Page;
import io.kubelode.sandbox.cloud.AddressPool;
import io.kubelode.sandbox.dns.Ttl;
import io.kubelode.sandbox.http.RateLimiter;
import io.kubelode.sandbox.ssh.CloudConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void pagesLikeLinode() {
        List<Integer> all = IntStream.rangeClosed(1, 60).boxed().toList();

        Page<Integer> first = Page.of(all, null, null);
        Page<Integer> third = Page.of(all, 3, 25);

        assertThat(first.data()).hasSize(60);
        assertThat(first.pages()).isEqualTo(1);
        assertThat(third.data()).containsExactlyElementsOf(all.subList(50, 60));
        assertThat(third.pages()).isEqualTo(3);
        assertThat(third.results()).isEqualTo(60);
        assertThat(Page.of(List.of(), null, null).pages()).isEqualTo(1);
        assertThatThrownBy(() -> Page.of(all, 1, 501)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Page.of(all, 0, 25)).isInstanceOf(ApiException.class);
    }

    @Test
    void roundsDnsTimesLikeLinode() {
        assertThat(Ttl.domain(0)).isZero();
        assertThat(Ttl.domain(1)).isEqualTo(30);
        assertThat(Ttl.domain(300)).isEqualTo(300);
        assertThat(Ttl.domain(301)).isEqualTo(3600);
        assertThat(Ttl.domain(99_999_999)).isEqualTo(2419200);
        assertThat(Ttl.record(0)).isZero();
        assertThat(Ttl.record(1)).isEqualTo(300);
        assertThat(Ttl.record(3000)).isEqualTo(3600);
        assertThat(Ttl.record(1900)).isEqualTo(300);
    }

    @Test
    void limitsRequestsPerFixedWindow() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(clock);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("t", 3, Duration.ofSeconds(15)).allowed()).isTrue();
        }
        clock.now = clock.now.plusSeconds(4);
        RateLimiter.Decision refused = limiter.acquire("t", 3, Duration.ofSeconds(15));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(11);
        assertThat(refused.reset()).isEqualTo(Instant.parse("2026-01-01T00:00:15Z").getEpochSecond());
        assertThat(limiter.acquire("other", 3, Duration.ofSeconds(15)).allowed()).isTrue();
        clock.now = clock.now.plusSeconds(11);
        assertThat(limiter.acquire("t", 3, Duration.ofSeconds(15)).remaining()).isEqualTo(2);
    }

    @Test
    void handsOutAddressesInTurnAndSkipsUnusableOnes() throws Exception {
        InetAddress skipped = InetAddress.getByName("10.9.0.2");
        AddressPool pool = new AddressPool("10.9.0.0/29", a -> !a.equals(skipped));

        InetAddress first = pool.allocate();
        InetAddress second = pool.allocate();
        pool.release(first);
        InetAddress third = pool.allocate();

        assertThat(first.getHostAddress()).isEqualTo("10.9.0.1");
        assertThat(second.getHostAddress()).isEqualTo("10.9.0.3");
        assertThat(third.getHostAddress()).isEqualTo("10.9.0.4");
        pool.allocate();
        pool.allocate();
        assertThat(pool.allocate().getHostAddress()).isEqualTo("10.9.0.1");
        assertThatThrownBy(pool::allocate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givesUpClearlyWhenNoAddressOfTheRangeIsUsable() {
        AddressPool pool = new AddressPool("127.79.0.0/16", a -> false);

        assertThatThrownBy(pool::allocate).isInstanceOf(IllegalStateException.class).hasMessageContaining("0.0.0.0");
    }

    @Test
    void readsTheHostKeyFromCloudConfig() throws Exception {
        KeyPair host = TestKeys.ed25519();
        String cloudConfig = CloudConfig.decode(TestKeys.userData(host));

        KeyPair read = CloudConfig.hostKey(cloudConfig);

        assertThat(KeyUtils.compareKeys(read.getPublic(), host.getPublic())).isTrue();
        assertThat(CloudConfig.hostKey("#cloud-config\npackages: [curl]\n")).isNull();
        String broken = "#cloud-config\nssh_keys:\n  ed25519_private: nonsense\n";
        assertThatThrownBy(() -> CloudConfig.hostKey(broken)).isInstanceOf(CloudConfig.Invalid.class);
        assertThatThrownBy(() -> CloudConfig.decode("%%%")).isInstanceOf(CloudConfig.Invalid.class);
        assertThat(CloudConfig.decode(Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8)))).isEqualTo("x");
    }

    @Test
    void parsesAuthorizedKeysAndRefusesGarbage() throws Exception {
        KeyPair user = TestKeys.ed25519();

        assertThat(CloudConfig.authorizedKeys(List.of(TestKeys.publicLine(user, "me")))).hasSize(1);
        assertThatThrownBy(() -> CloudConfig.authorizedKeys(List.of("ssh-rsa AAAA_not_a_key me")))
                .isInstanceOf(CloudConfig.Invalid.class);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
