package io.kubelode.k8s.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.pki.PkiMinter;
import io.kubelode.k8s.pki.SealedFileSecretStore;
import io.kubelode.k8s.pki.SecretStore;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.Fixtures;
import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretsTest {
    @TempDir
    Path dir;
    SecretStore store;
    KubeconfigStore kubeconfigs;
    MutableClock clock;

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T09:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void store() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        store = new SealedFileSecretStore(dir, new Sealer(key, new SecureRandom()));
        kubeconfigs = new KubeconfigStore(dir.resolve("kubeconfigs"), new Sealer(key, new SecureRandom()));
        clock = new MutableClock();
    }

    ClusterSecrets secrets() {
        return new ClusterSecrets(store, kubeconfigs, new PkiMinter(new SecureRandom(), clock), clock, Duration.ofHours(2),
                Duration.ofMinutes(30));
    }

    @Test
    void theMinterIsMadeOnTheFirstMintOnlyAndOnce() {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        ClusterSecrets secrets = new ClusterSecrets(store, kubeconfigs, () -> {
            made.incrementAndGet();
            return new PkiMinter(new SecureRandom(), clock);
        }, clock, Duration.ofHours(2), Duration.ofMinutes(30));
        assertThat(made).hasValue(0);
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        assertThat(secrets.ensure("homelab", layout.subjectAltNames()).outcome()).isEqualTo(ClusterSecrets.Outcome.CREATED);
        clock.now = clock.now.plus(Duration.ofHours(3));
        assertThat(secrets.ensure("homelab", layout.subjectAltNames()).outcome()).isEqualTo(ClusterSecrets.Outcome.PATCHED);
        assertThat(made).hasValue(1);
    }

    @Test
    void mintsOnceThenFindsTheSameBundle() {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        ClusterSecrets.Ensured first = secrets().ensure("homelab", layout.subjectAltNames());
        assertThat(first.outcome()).isEqualTo(ClusterSecrets.Outcome.CREATED);
        ClusterSecrets.Ensured again = secrets().ensure("homelab", layout.subjectAltNames());
        assertThat(again.outcome()).isEqualTo(ClusterSecrets.Outcome.NOOP);
        assertThat(again.pki()).isEqualTo(first.pki());
    }

    @Test
    void anExpiredTokenIsReMintedAndTheCasStay() {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        ClusterPki before = secrets().ensure("homelab", layout.subjectAltNames()).pki();
        clock.now = clock.now.plus(Duration.ofHours(3));
        ClusterSecrets.Ensured after = secrets().ensure("homelab", layout.subjectAltNames());
        assertThat(after.outcome()).isEqualTo(ClusterSecrets.Outcome.PATCHED);
        assertThat(after.pki().token().value()).isNotEqualTo(before.token().value());
        assertThat(after.pki().token().expires()).isEqualTo(clock.now.plus(Duration.ofHours(2)));
        assertThat(after.pki().caCert()).isEqualTo(before.caCert());
        assertThat(after.pki().discoveryHash()).isEqualTo(before.discoveryHash());
        assertThat(store.load("homelab").orElseThrow().token()).isEqualTo(after.pki().token());
    }

    @Test
    void aTokenAboutToExpireIsReMintedBeforeUse() {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        ClusterPki before = secrets().ensure("homelab", layout.subjectAltNames()).pki();
        clock.now = clock.now.plus(Duration.ofMinutes(95));
        assertThat(secrets().ensure("homelab", layout.subjectAltNames()).pki().token())
                .isNotEqualTo(before.token());
    }

    @Test
    void aNewNodeGetsTheApiServerCertificateReIssuedFromTheSameCa() {
        ClusterPki three = secrets().ensure("homelab", Fixtures.layout(Fixtures.VERSION, 3).subjectAltNames()).pki();
        ClusterSecrets.Ensured four = secrets().ensure("homelab", Fixtures.layout(Fixtures.VERSION, 4).subjectAltNames());
        assertThat(four.outcome()).isEqualTo(ClusterSecrets.Outcome.PATCHED);
        assertThat(four.pki().apiServerCert()).isNotEqualTo(three.apiServerCert());
        assertThat(four.pki().caCert()).isEqualTo(three.caCert());
        assertThat(PkiMinter.namesOf(four.pki().apiServerCertificate()).ipAddresses()).contains("203.0.113.14");
    }

    @Test
    void theAdminKubeconfigIsHandedOverOnceForItsEndpointAndForgottenWithThePki() {
        ClusterPki pki = secrets().ensure("homelab", Fixtures.layout(Fixtures.VERSION, 3).subjectAltNames()).pki();
        assertThat(secrets().handOverKubeconfig(pki, "https://203.0.113.11:6443"))
                .isEqualTo(ClusterSecrets.Outcome.CREATED);
        assertThat(secrets().handOverKubeconfig(pki, "https://203.0.113.11:6443"))
                .isEqualTo(ClusterSecrets.Outcome.NOOP);
        String yaml = kubeconfigs.load("homelab").orElseThrow();
        assertThat(yaml).contains("server: https://203.0.113.11:6443").contains("client-key-data: ")
                .contains("user: kubernetes-admin");
        assertThat(secrets().handOverKubeconfig(pki, "https://203.0.113.12:6443"))
                .isEqualTo(ClusterSecrets.Outcome.PATCHED);
        assertThat(kubeconfigs.load("homelab").orElseThrow()).contains("server: https://203.0.113.12:6443");

        secrets().forget("homelab");
        assertThat(kubeconfigs.load("homelab")).isEmpty();
        assertThat(store.load("homelab")).isEmpty();
        secrets().forget("homelab");
    }
}
