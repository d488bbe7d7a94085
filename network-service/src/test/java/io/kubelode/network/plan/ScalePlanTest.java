package io.kubelode.network.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalePlanTest {

    private static Map<Integer, NodeProvisioned> provisioned(int nodes) {
        Map<Integer, NodeProvisioned> out = new HashMap<>();
        for (int n = 1; n <= nodes; n++) {
            out.put(n, new NodeProvisioned("c", n, "c-" + n, 40000 + n, "eu-central", "203.0.113." + n,
                    "192.168.130." + n, 22, "SHA256:x"));
        }
        return out;
    }

    private static final Map<Integer, MeshKey> KEYS = Fixtures.keys("c", 5);

    private static String key(int n) {
        return KEYS.get(n).publicKey();
    }

    @Test
    void theRemainingNodesKeepTheirNumbersAndLoseTheLeavingPeers() {
        ClusterSpec five = Fixtures.homelab().withNodes(5);
        ClusterSpec four = five.withNodes(4);

        ClusterNetwork after = ScalePlan.remaining("c", four, provisioned(5), ScalePlanTest::key);

        assertThat(after.nodes()).extracting(NodeNetwork::node).containsExactly(1, 2, 3, 4);
        assertThat(after.plan().nodes()).isEqualTo(AddressPlan.of(five).nodes().subList(0, 4));
        for (NodeNetwork node : after.nodes()) {
            assertThat(node.meshAddress()).startsWith(AddressPlan.of(five).node(node.node()).meshAddress() + "/");
            assertThat(node.peers()).extracting(MeshPeer::publicKey).doesNotContain(key(5), key(node.node()));
        }
        assertThat(after.node(1).peers()).extracting(MeshPeer::publicKey).contains(key(2), key(3), key(4));
    }

    @Test
    void refusesWhenARemainingNodeIsUnknown() {
        Map<Integer, NodeProvisioned> gap = provisioned(5);
        gap.remove(2);
        assertThatThrownBy(() -> ScalePlan.remaining("c", Fixtures.homelab().withNodes(4), gap, ScalePlanTest::key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node 2");
    }
}
