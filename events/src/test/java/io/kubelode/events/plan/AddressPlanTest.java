package io.kubelode.events.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPlanTest {

    static ClusterSpec spec(int nodes, String homeLan) {
        return new ClusterSpec("homelab", "eu-central", null, null, nodes, "example.org", List.of(App.WEB),
                List.of("ssh-ed25519 AAAA me"), homeLan == null ? null
                : new HomePeer("home.example.org:51820", "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=", homeLan, null),
                null, null);
    }

    @Test
    void numbersTheExampleClusterInTenOneHundred() {
        AddressPlan plan = AddressPlan.of(spec(3, "192.168.1.0/24"));
        assertThat(plan.containerCidr()).isEqualTo("10.100.0.0/16");
        assertThat(plan.clusterCidr()).isEqualTo("10.101.0.0/16");
        assertThat(plan.serviceCidr()).isEqualTo("10.102.0.0/16");
        assertThat(plan.meshCidr()).isEqualTo("10.103.0.0/24");
        assertThat(plan.homeMeshAddress()).isEqualTo("10.103.0.254");
        NodeAddresses n2 = plan.node(2);
        assertThat(n2.containerSubnet()).isEqualTo("10.100.2.0/24");
        assertThat(n2.bridgeAddress()).isEqualTo("10.100.2.1");
        assertThat(n2.masterAddress()).isEqualTo("10.100.2.2");
        assertThat(n2.workerAddress()).isEqualTo("10.100.2.3");
        assertThat(n2.podCidr()).isEqualTo("10.101.2.0/24");
        assertThat(n2.masterPodCidr()).isEqualTo("10.101.2.0/25");
        assertThat(n2.workerPodCidr()).isEqualTo("10.101.2.128/25");
        assertThat(n2.meshAddress()).isEqualTo("10.103.0.2");
        assertThat(plan.kubernetesServiceAddress()).isEqualTo("10.102.0.1");
        assertThat(plan.clusterDnsAddress()).isEqualTo("10.102.0.10");
    }

    @Test
    void noRangeOverlapsAnotherLinodesPrivateNetworkOrTheHomeLan() {
        for (String home : new String[] {null, "192.168.1.0/24", "10.100.0.0/16", "10.96.0.0/11", "10.0.0.0/9"}) {
            AddressPlan plan = AddressPlan.of(spec(AddressPlan.MAX_NODES, home));
            List<Cidr> ranges = new ArrayList<>();
            for (NodeAddresses n : plan.nodes()) {
                ranges.add(Cidr.parse(n.containerSubnet()));
                ranges.add(Cidr.parse(n.masterPodCidr()));
                ranges.add(Cidr.parse(n.workerPodCidr()));
            }
            ranges.add(Cidr.parse(plan.serviceCidr()));
            ranges.add(Cidr.parse(plan.meshCidr()));
            for (int i = 0; i < ranges.size(); i++) {
                assertThat(ranges.get(i).overlaps(AddressPlan.LINODE_PRIVATE)).isFalse();
                if (home != null) {
                    assertThat(ranges.get(i).overlaps(Cidr.parse(home))).as("%s vs home %s", ranges.get(i), home)
                            .isFalse();
                }
                for (int j = i + 1; j < ranges.size(); j++) {
                    assertThat(ranges.get(i).overlaps(ranges.get(j))).as("%s vs %s", ranges.get(i), ranges.get(j))
                            .isFalse();
                }
            }
        }
    }

    @Test
    void scaleUpNeverRenumbersExistingNodes() {
        AddressPlan three = AddressPlan.of(spec(3, null));
        AddressPlan ten = AddressPlan.of(spec(10, null));
        assertThat(ten.nodes().subList(0, 3)).isEqualTo(three.nodes());
        assertThat(AddressPlan.of(spec(3, null))).isEqualTo(three);
    }

    @Test
    void refusesMoreNodesThanThePlanNumbers() {
        assertThatThrownBy(() -> AddressPlan.of(spec(3, null), AddressPlan.MAX_NODES + 1))
                .hasMessageContaining("1..250");
    }

    @Test
    void cidrArithmetic() {
        Cidr c = Cidr.parse("10.1.2.3/24");
        assertThat(c).hasToString("10.1.2.0/24");
        assertThat(c.size()).isEqualTo(256);
        assertThat(c.contains("10.1.2.255")).isTrue();
        assertThat(c.contains("10.1.3.0")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").overlaps(c)).isTrue();
        assertThatThrownBy(() -> Cidr.parse("10.1.2.300/24")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> Cidr.parse("10.1.2.0")).hasMessageContaining("not a CIDR");
    }
}
