package io.kubelode.lxc.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.plan.NodeAddresses;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LxcPlanTest {
    private static ClusterSpec spec(int nodes) {
        return new ClusterSpec("demo", "eu-central", null, null, nodes, "example.org", null,
                List.of("ssh-ed25519 AAAA"), null, null, null);
    }

    @Test
    void namesAndAddressesComeFromTheClusterIdAndTheAddressPlan() {
        LxcPlan plan = LxcPlan.of("demo", AddressPlan.of(spec(3)).node(2));
        assertThat(plan.master()).isEqualTo(new ContainerPlan("demo-2-master", "master", "10.100.2.2", 1_000_000_000, 10_000_000));
        assertThat(plan.worker()).isEqualTo(new ContainerPlan("demo-2-worker", "worker", "10.100.2.3", 1_010_000_000, 10_000_000));
        assertThat(plan.bridgeCidr()).isEqualTo("10.100.2.1/24");
        assertThat(plan.gateway()).isEqualTo("10.100.2.1");
        assertThat(plan.profile()).isEqualTo("kubelode-demo");
    }

    @Test
    void aNodeKeepsItsAddressesWhenTheClusterGrows() {
        assertThat(LxcPlan.of("demo", AddressPlan.of(spec(3)).node(3)))
                .isEqualTo(LxcPlan.of("demo", AddressPlan.of(spec(7)).node(3)));
    }

    @Test
    void refusesAddressesOutsideTheNodeSubnet() {
        NodeAddresses bad = new NodeAddresses(1, "10.100.1.0/24", "10.100.1.1", "10.100.9.2", "10.100.1.3",
                "10.101.1.0/24", "10.101.1.0/25", "10.101.1.128/25", "10.103.0.1");
        assertThatThrownBy(() -> LxcPlan.of("demo", bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersThePlanAsQuotedVariablesAfterTheShebangAndTheDeclaredName() {
        String script = LxcScript.CONTAINERS.render(LxcPlan.of("demo", AddressPlan.of(spec(3)).node(1)));
        assertThat(script).startsWith("#!/usr/bin/env bash\n# kubelode: lxd-containers.sh\n"
                + "# inputs: CLUSTER_ID PROFILE GATEWAY PREFIX POOL IMAGE_ALIAS CONTAINERS\nreadonly CLUSTER_ID='demo'\n");
        assertThat(script).contains("readonly CONTAINERS='demo-1-master,master,10.100.1.2,1000000000:10000000 "
                + "demo-1-worker,worker,10.100.1.3,1010000000:10000000'\n");
        assertThat(LxcScript.HOST.render(LxcPlan.of("demo", AddressPlan.of(spec(3)).node(1))))
                .contains("readonly RANGES='master:1000000000:10000000 worker:1010000000:10000000'\n");
        assertThat(script).contains("set -euo pipefail");
    }

    @Test
    void refusesAClusterIdThatCouldBecomeShellSyntax() {
        NodeAddresses a = AddressPlan.of(spec(3)).node(1);
        LxcPlan plan = LxcPlan.of("x'$(reboot)'", a);
        assertThatThrownBy(() -> LxcScript.HOST.render(plan)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsFactsAndIgnoresOtherOutput() {
        ScriptFacts facts = ScriptFacts.parse("noise\nselinux=enforcing\n"
                + "kubelode:changed\tselinux=disabled\tidmap.demo-1-master=1000000000:10000000\n");
        assertThat(facts.require("selinux")).isEqualTo("disabled");
        assertThat(facts.require("idmap.demo-1-master")).isEqualTo("1000000000:10000000");
        assertThat(facts.get("cgroup")).isEmpty();
    }

    @Test
    void theHomeLanMovesEveryAddressButNotTheNames() {
        ClusterSpec home = new ClusterSpec("demo", "eu-central", null, null, 3, "example.org", null,
                List.of("ssh-ed25519 AAAA"), new HomePeer("home.example.org:51820", "pk", "10.100.0.0/16", null), null, null);
        LxcPlan plan = LxcPlan.of("demo", AddressPlan.of(home).node(1));
        assertThat(plan.master().name()).isEqualTo("demo-1-master");
        assertThat(plan.master().address()).doesNotStartWith("10.100.");
    }
}
