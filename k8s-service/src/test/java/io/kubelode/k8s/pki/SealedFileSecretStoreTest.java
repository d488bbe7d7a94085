package io.kubelode.k8s.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.support.secrets.Sealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedFileSecretStoreTest {
    static final byte[] KEY = new byte[32];
    static final ClusterPki PKI = new PkiMinter(new SecureRandom(), Clock.systemUTC()).mint("homelab",
            SubjectAltNames.of(List.of("homelab-1-master"), List.of("203.0.113.11"), List.of("10.100.1.2"), "10.102.0.1",
                    "api.x"),
            Duration.ofHours(2));

    static {
        new SecureRandom().nextBytes(KEY);
    }

    @TempDir
    Path dir;

    @Test
    void bundleSurvivesARestartOfTheStore() {
        new SealedFileSecretStore(dir, new Sealer(KEY, new SecureRandom())).save(PKI);
        SecretStore afterRestart = new SealedFileSecretStore(dir, new Sealer(KEY.clone(), new SecureRandom()));
        assertThat(afterRestart.load("homelab")).contains(PKI);
        assertThat(afterRestart.load("other")).isEmpty();
    }

    @Test
    void nothingIsInPlainTextAtRest() throws IOException {
        new SealedFileSecretStore(dir, new Sealer(KEY, new SecureRandom())).save(PKI);
        Path file = dir.resolve("homelab.pki.sealed");
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("PRIVATE KEY").doesNotContain(PKI.token().secret())
                .doesNotContain(PKI.certificateKey()).doesNotContain("homelab");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aWrongKeyOrAnotherClustersBlobDoesNotOpen() throws IOException {
        new SealedFileSecretStore(dir, new Sealer(KEY, new SecureRandom())).save(PKI);
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> new SealedFileSecretStore(dir, new Sealer(other, new SecureRandom())).load("homelab"))
                .isInstanceOf(Sealer.SealException.class);
        Files.copy(dir.resolve("homelab.pki.sealed"), dir.resolve("intruder.pki.sealed"));
        assertThatThrownBy(() -> new SealedFileSecretStore(dir, new Sealer(KEY, new SecureRandom())).load("intruder"))
                .isInstanceOf(Sealer.SealException.class);
    }

    @Test
    void tamperingIsDetected() throws IOException {
        new SealedFileSecretStore(dir, new Sealer(KEY, new SecureRandom())).save(PKI);
        Path file = dir.resolve("homelab.pki.sealed");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> new SealedFileSecretStore(dir, new Sealer(KEY, new SecureRandom())).load("homelab"))
                .isInstanceOf(Sealer.SealException.class);
    }

    @Test
    void deleteIsIdempotentAndRejectsPathTricks() {
        SecretStore store = new SealedFileSecretStore(dir, new Sealer(KEY, new SecureRandom()));
        store.save(PKI);
        assertThat(store.delete("homelab")).isTrue();
        assertThat(store.delete("homelab")).isFalse();
        assertThatThrownBy(() -> store.load("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
