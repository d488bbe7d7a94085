package io.kubelode.network.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MeshKeyTest {

    static String wg(String input, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "wg";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void derivedKeysAreWhatWgComputes() throws Exception {
        for (int n = 1; n <= 3; n++) {
            MeshKey key = MeshKey.derive(Fixtures.SEED, "homelab", n);
            assertThat(MeshKey.isKey(key.privateKey())).isTrue();
            assertThat(wg(key.privateKey() + "\n", "pubkey")).isEqualTo(key.publicKey());
        }
    }

    @Test
    void generatedKeysAreWhatWgComputes() throws Exception {
        MeshKey key = MeshKey.generate();
        assertThat(wg(key.privateKey() + "\n", "pubkey")).isEqualTo(key.publicKey());
        assertThat(MeshKey.publicKeyOf(key.privateKey())).isEqualTo(key.publicKey());
    }

    @Test
    void publicKeyOfAWgGeneratedKeyMatchesWg() throws Exception {
        String priv = wg("", "genkey");
        assertThat(MeshKey.publicKeyOf(priv)).isEqualTo(wg(priv + "\n", "pubkey"));
    }

    @Test
    void derivationIsStablePerNodeAndDistinctAcrossNodesAndClusters() {
        assertThat(MeshKey.derive(Fixtures.SEED, "homelab", 1)).isEqualTo(MeshKey.derive(Fixtures.SEED, "homelab", 1));
        assertThat(MeshKey.derive(Fixtures.SEED, "homelab", 1).publicKey())
                .isNotEqualTo(MeshKey.derive(Fixtures.SEED, "homelab", 2).publicKey())
                .isNotEqualTo(MeshKey.derive(Fixtures.SEED, "other", 1).publicKey());
    }

    @Test
    void neverShowsThePrivateKey() {
        MeshKey key = MeshKey.derive(Fixtures.SEED, "homelab", 1);
        assertThat(key.toString()).doesNotContain(key.privateKey()).contains(key.publicKey());
    }
}
