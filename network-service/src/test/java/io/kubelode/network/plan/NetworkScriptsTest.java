package io.kubelode.network.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkScriptsTest {

    @TempDir
    Path dir;

    String shellcheck(NodeScript script) throws Exception {
        Path file = dir.resolve("script.sh");
        Files.writeString(file, script.text());
        Process p = new ProcessBuilder("shellcheck", "--shell=bash", "--severity=style", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void applyAndRemoveScriptsAreShellcheckClean() throws Exception {
        ClusterNetwork net = Fixtures.network("homelab", Fixtures.homelab(), 3);
        for (NodeNetwork node : net.nodes()) {
            shellcheck(NetworkScripts.apply(node, Fixtures.keys("homelab", 3).get(node.node())));
        }
        shellcheck(NetworkScripts.remove("homelab", 1));
    }

    @Test
    void thePrivateKeyIsInTheScriptOnlyAndNeverOnACommandLine() {
        ClusterNetwork net = Fixtures.network("homelab", Fixtures.homelab(), 3);
        MeshKey key = Fixtures.keys("homelab", 3).get(2);
        NodeScript script = NetworkScripts.apply(net.node(2), key);
        assertThat(script.text()).contains("MESH_PRIVATE_KEY='" + key.privateKey() + "'");
        // the script's own assignment and its copy for the boot unit, never anything else (no command line)
        assertThat(script.text().lines().filter(l -> l.contains(key.privateKey())))
                .containsExactly("MESH_PRIVATE_KEY='" + key.privateKey() + "'", "MESH_PRIVATE_KEY='" + key.privateKey() + "'");
        assertThat(script.text()).contains("wg syncconf \"$IFACE\" <(wg_config)");
        assertThat(script.redacted()).doesNotContain(key.privateKey()).contains("<redacted>");
        assertThat(script.toString()).doesNotContain(key.privateKey());
    }

    @Test
    void rendersTheSameScriptForTheSamePlan() {
        NodeNetwork a = Fixtures.network("homelab", Fixtures.homelab(), 3).node(1);
        NodeNetwork b = Fixtures.network("homelab", Fixtures.homelab(), 3).node(1);
        MeshKey key = Fixtures.keys("homelab", 3).get(1);
        assertThat(NetworkScripts.apply(a, key).text()).isEqualTo(NetworkScripts.apply(b, key).text());
    }

    @Test
    void theBackupNodesTableLetsTheClusterReachOnlyHomesBackupPortFromItsMeshAddressAndHomeNothing() {
        ClusterNetwork net = Fixtures.network("homelab", Fixtures.homelab(), 3);
        String t1 = NetworkScripts.nftDefinition(net.node(1));
        assertThat(t1).contains("oifname \"kl-mesh\" ip daddr 10.103.0.254 tcp dport 873 accept"
                + " comment \"kubelode:homelab:home-backup\"")
                .contains("oifname \"kl-mesh\" ip daddr 10.103.0.254 drop comment \"kubelode:homelab:home-only-backup\"")
                .contains("oifname \"kl-mesh\" ip daddr 10.103.0.254 masquerade comment \"kubelode:homelab:home-source\"")
                .contains("iifname \"kl-mesh\" ip saddr 10.103.0.254 drop comment \"kubelode:homelab:home-deny\"")
                .contains("kubelode-def:" + NetworkScripts.tableId(net.node(1)));
        String t2 = NetworkScripts.nftDefinition(net.node(2));
        assertThat(t2).doesNotContain("10.103.0.254").contains("ct status & dnat == 0 drop comment"
                + " \"kubelode:homelab:underlay-guard\"");
    }

    @Test
    void everyScriptEndsWithTheChangeMarker() {
        NodeScript remove = NetworkScripts.remove("homelab", 1);
        assertThat(remove.text().strip()).endsWith("fi").contains("echo kubelode:changed", "echo kubelode:unchanged");
        assertThat(remove.text()).contains("ip -4 route flush proto \"$RT_PROTO\"")
                .contains("nft delete table inet \"$NFT_TABLE\"");
    }
}
