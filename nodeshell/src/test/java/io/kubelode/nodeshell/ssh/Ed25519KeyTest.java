package io.kubelode.nodeshell.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519KeyTest {
    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameKey() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        assertThat(Ed25519Key.fromSeed(seed).publicKeyLine(null)).isEqualTo(Ed25519Key.fromSeed(seed).publicKeyLine(null));
        seed[0] = 8;
        assertThat(Ed25519Key.fromSeed(seed).fingerprint()).isNotEqualTo(Ed25519Key.fromSeed(new byte[32]).fingerprint());
    }

    @Test
    void toStringShowsNoPrivateKey() {
        Ed25519Key key = Ed25519Key.generate();
        assertThat(key.toString()).isEqualTo("Ed25519Key[" + key.fingerprint() + "]").doesNotContain("PRIVATE");
    }

    @Test
    void publicLineRoundTrips() {
        Ed25519Key key = Ed25519Key.generate();
        String line = key.publicKeyLine("me@home");
        assertThat(line).startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5").endsWith(" me@home");
        assertThat(OpenSshKeys.fingerprint(OpenSshKeys.parse(line))).isEqualTo(key.fingerprint());
    }

    /** ssh-keygen reads the private key we write and derives the same public key and fingerprint. */
    @Test
    void opensshAgreesOnPrivateKeyPublicKeyAndFingerprint() throws Exception {
        Ed25519Key key = Ed25519Key.generate();
        Path file = dir.resolve("id_ed25519");
        Files.writeString(file, key.privateKeyPem());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(run("ssh-keygen", "-y", "-f", file.toString()).strip()).startsWith(key.publicKeyLine(null));
        Path pub = dir.resolve("id_ed25519.pub");
        Files.writeString(pub, key.publicKeyLine("x") + "\n");
        assertThat(run("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString())).contains(key.fingerprint());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
