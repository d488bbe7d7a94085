package io.kubelode.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigStoreTest {
    static final String KEY = Base64.getEncoder().encodeToString(random(32));
    static final String YAML = """
            apiVersion: v1
            kind: Config
            users:
            - name: kubernetes-admin
              user:
                client-key-data: c2VjcmV0LWtleS1vZi10aGUtYWRtaW4=
            """;

    @TempDir
    Path dir;

    private KubeconfigStore store(String key) {
        return new KubeconfigStore(dir.resolve("kubeconfigs"), Sealer.ofBase64(key, new SecureRandom()));
    }

    @Test
    void theWriterMakesItsDirectoryPrivateOrRefusesToStartNamingTheSetting() throws IOException {
        store(KEY).requireWritable("KUBELODE_KUBECONFIG_DIR");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kubeconfigs"))))
                .isEqualTo("rwx------");
        // where no directory can be (a file in its way: as a read-only container's home is for its user)
        Files.writeString(dir.resolve("not-a-dir"), "x");
        KubeconfigStore blocked = new KubeconfigStore(dir.resolve("not-a-dir/kubeconfigs"),
                Sealer.ofBase64(KEY, new SecureRandom()));
        assertThatThrownBy(() -> blocked.requireWritable("KUBELODE_KUBECONFIG_DIR"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KUBELODE_KUBECONFIG_DIR")
                .hasMessageContaining("not-a-dir/kubeconfigs");
    }

    @Test
    void whatOneServiceSealsAnotherOpensWithTheSameDirectoryAndKey() throws IOException {
        store(KEY).save("homelab-ab12c", YAML);
        assertThat(store(KEY).load("homelab-ab12c")).contains(YAML);
        assertThat(store(KEY).load("other")).isEmpty();

        Path file = dir.resolve("kubeconfigs/homelab-ab12c.kubeconfig.sealed");
        assertThat(store(KEY).file("homelab-ab12c")).isEqualTo(file);
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("client-key-data").doesNotContain("c2VjcmV0").doesNotContain("homelab");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aWrongKeyFailsClearlyNamingTheFileAndTheKey() {
        store(KEY).save("homelab", YAML);
        String other = Base64.getEncoder().encodeToString(random(32));
        assertThatThrownBy(() -> store(other).load("homelab")).isInstanceOf(Sealer.SealException.class)
                .hasMessageContaining("homelab.kubeconfig.sealed").hasMessageContaining("KUBELODE_K8S_SEAL_KEY")
                .hasMessageNotContaining("client-key");
    }

    @Test
    void aFileMovedToAnotherClusterOrKindDoesNotOpen() throws IOException {
        store(KEY).save("homelab", YAML);
        Path kubeconfigs = dir.resolve("kubeconfigs");
        Files.copy(kubeconfigs.resolve("homelab.kubeconfig.sealed"), kubeconfigs.resolve("intruder.kubeconfig.sealed"));
        assertThatThrownBy(() -> store(KEY).load("intruder")).isInstanceOf(Sealer.SealException.class);
        Files.copy(kubeconfigs.resolve("homelab.kubeconfig.sealed"), kubeconfigs.resolve("homelab.pki.sealed"));
        SealedFiles pki = new SealedFiles(kubeconfigs, "pki", Sealer.ofBase64(KEY, new SecureRandom()));
        assertThatThrownBy(() -> pki.read("homelab")).isInstanceOf(Sealer.SealException.class);
    }

    @Test
    void tamperingIsDetected() throws IOException {
        store(KEY).save("homelab", YAML);
        Path file = store(KEY).file("homelab");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> store(KEY).load("homelab")).isInstanceOf(Sealer.SealException.class);
    }

    @Test
    void aReplaceIsAtomicForAConcurrentReaderAndLeavesNoTemporaryFile() throws Exception {
        KubeconfigStore writer = store(KEY);
        KubeconfigStore reader = store(KEY);
        String a = YAML + "# a\n".repeat(2000);
        String b = YAML + "# b\n".repeat(3000);
        writer.save("homelab", a);
        AtomicBoolean done = new AtomicBoolean();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            while (!done.get()) {
                try {
                    reader.load("homelab").ifPresentOrElse(seen::add, () -> seen.add("<absent>"));
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        });
        t.start();
        for (int i = 0; i < 200; i++) {
            writer.save("homelab", i % 2 == 0 ? b : a);
        }
        done.set(true);
        t.join();
        assertThat(errors).isEmpty();
        assertThat(seen).isNotEmpty().allMatch(s -> s.equals(a) || s.equals(b));
        assertThat(reader.load("homelab")).contains(a);
        try (Stream<Path> files = Files.list(dir.resolve("kubeconfigs"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("homelab.kubeconfig.sealed");
        }
    }

    @Test
    void removalIsIdempotentAndPathTricksAreRejected() {
        KubeconfigStore store = store(KEY);
        assertThat(store.delete("homelab")).isFalse();
        store.save("homelab", YAML);
        assertThat(store.delete("homelab")).isTrue();
        assertThat(store.delete("homelab")).isFalse();
        assertThat(store.load("homelab")).isEmpty();
        assertThatThrownBy(() -> store.load("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.save("a/b", YAML)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingOrMalformedKeyFailsAtStartUpNamingTheProperty() {
        assertThatThrownBy(() -> Sealer.required(Optional.of(" "), "kubelode.apps.seal-key"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kubelode.apps.seal-key")
                .hasMessageContaining("KUBELODE_K8S_SEAL_KEY");
        assertThatThrownBy(() -> Sealer.required(Optional.of("c2hvcnQ="), "kubelode.gateway.seal-key"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
        assertThat(Sealer.required(Optional.of(KEY), "x")).isNotNull();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
