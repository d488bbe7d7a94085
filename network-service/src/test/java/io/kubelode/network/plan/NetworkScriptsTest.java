package io.kubelode.network.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkScriptsTest {

    @Test
    void thePrivateKeyIsInTheScriptOnlyAndNeverOnACommandLine() {
        ClusterNetwork net = Fixtures.network("homelab", Fixtures.homelab(), 3);
        MeshKey key = Fixtures.keys("homelab", 3).get(2);
        NodeScript script = NetworkScripts.apply(net.node(2), key);
        // the script's own input, never anything else (no command line); the boot unit's copy is base64
        assertThat(script.text().lines().filter(l -> l.contains(key.privateKey())))
                .containsExactly("readonly MESH_PRIVATE_KEY='" + key.privateKey() + "'");
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
