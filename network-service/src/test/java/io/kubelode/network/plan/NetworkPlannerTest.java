package io.kubelode.network.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPlannerTest {

    @Test
    void everyNodePeersWithEveryOtherOverItsPrivateAddressAndRoutesItsRanges() {
        ClusterNetwork net = Fixtures.network("homelab", Fixtures.homelab(), 3);
        NodeNetwork n1 = net.node(1);
        assertThat(n1.meshAddress()).isEqualTo("10.103.0.1/24");
        assertThat(n1.peers()).extracting(MeshPeer::label).containsExactly("node-2", "node-3", "home");
        MeshPeer n3 = n1.peers().get(1);
        assertThat(n3.endpointHost()).isEqualTo("192.168.130.3");
        assertThat(n3.endpointPort()).isEqualTo(51820);
        assertThat(n3.allowedIps()).containsExactly("10.103.0.3/32", "10.100.3.0/24", "10.101.3.0/24");
        assertThat(n3.publicKey()).isEqualTo(net.node(3).publicKey());
        assertThat(n1.meshRoutes()).containsExactly("10.100.2.0/24", "10.101.2.0/24", "10.100.3.0/24",
                "10.101.3.0/24");
        assertThat(n1.podRoutes()).containsExactly(new NodeNetwork.PodRoute("10.101.1.0/25", "10.100.1.2"),
                new NodeNetwork.PodRoute("10.101.1.128/25", "10.100.1.3"));
        assertThat(n1.clusterRanges()).containsExactly("10.100.0.0/16", "10.101.0.0/16");
    }

    @Test
    void onlyTheBackupNodePeersWithHomeAndTheOthersReachHomeThroughIt() {
        ClusterNetwork net = Fixtures.network("homelab", Fixtures.homelab(), 3);
        assertThat(net.backup()).isEqualTo(new HomeGuard("10.103.0.254", 873));
        MeshPeer home = net.node(1).peers().get(2);
        assertThat(home.endpointHost()).isEqualTo("home.dyll.in");
        assertThat(home.allowedIps()).containsExactly("10.103.0.254/32");
        assertThat(net.node(1).home()).isEqualTo(net.backup());
        assertThat(net.node(2).home()).isNull();
        assertThat(net.node(2).peers()).extracting(MeshPeer::label).containsExactly("node-1", "node-3");
        // the other nodes send what goes home to node 1, and accept its answers from node 1
        assertThat(net.node(2).peers().get(0).allowedIps()).contains("10.103.0.254/32");
        assertThat(net.node(2).peers().get(1).allowedIps()).doesNotContain("10.103.0.254/32");
        assertThat(net.node(3).peers().get(0).allowedIps()).contains("10.103.0.254/32");
        assertThat(net.node(1).peers().get(0).allowedIps()).doesNotContain("10.103.0.254/32");
    }

    @Test
    void withoutAHomePeerNoNodeHasOne() {
        ClusterSpec spec = withHome(Fixtures.homelab(), null);
        ClusterNetwork net = Fixtures.network("homelab", spec, 3);
        assertThat(net.backup()).isNull();
        assertThat(net.nodes()).allSatisfy(n -> assertThat(n.home()).isNull());
    }

    @Test
    void scaleUpAddsPeersAndRoutesWithoutRenumberingAnyExistingNode() {
        ClusterNetwork three = Fixtures.network("homelab", Fixtures.homelab(), 3);
        ClusterNetwork five = Fixtures.network("homelab", Fixtures.homelab(), 5);
        for (int n = 1; n <= 3; n++) {
            NodeNetwork before = three.node(n);
            NodeNetwork after = five.node(n);
            assertThat(after.meshAddress()).isEqualTo(before.meshAddress());
            assertThat(after.publicKey()).isEqualTo(before.publicKey());
            assertThat(after.podRoutes()).isEqualTo(before.podRoutes());
            assertThat(after.meshRoutes()).containsAll(before.meshRoutes());
            assertThat(after.peers()).containsAll(before.peers());
        }
        assertThat(five.node(1).meshRoutes()).contains("10.100.5.0/24", "10.101.5.0/24");
    }

    @Test
    void refusesAHomeKeyOrEndpointThatCouldBreakOutOfTheScript() {
        ClusterSpec badKey = withHome(Fixtures.homelab(),
                new HomePeer("home.dyll.in:51820", "x'; rm -rf / #", "192.168.1.0/24", 873));
        assertThatThrownBy(() -> Fixtures.network("homelab", badKey, 3)).hasMessageContaining("public key");
        ClusterSpec badHost = withHome(Fixtures.homelab(), new HomePeer("$(reboot):51820",
                "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=", "192.168.1.0/24", 873));
        assertThatThrownBy(() -> Fixtures.network("homelab", badHost, 3)).hasMessageContaining("endpoint");
    }

    @Test
    void refusesANodeWithoutAnAddressOrKey() {
        ClusterSpec spec = Fixtures.homelab();
        assertThatThrownBy(() -> NetworkPlanner.plan("homelab", spec, AddressPlan.of(spec), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static ClusterSpec withHome(ClusterSpec s, HomePeer home) {
        return new ClusterSpec(s.name(), s.region(), s.nodeType(), s.image(), s.nodes(), s.domain(), s.apps(),
                s.sshKeys(), home, s.kubernetesVersion(), s.keepOnFailure());
    }

    static List<String> labels(NodeNetwork n) {
        return n.peers().stream().map(MeshPeer::label).toList();
    }
}
