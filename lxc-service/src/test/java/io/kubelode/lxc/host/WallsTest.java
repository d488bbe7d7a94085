package io.kubelode.lxc.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.lxc.plan.ScriptFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which walls LxcReady reports, from the facts the host and container scripts print. */
class WallsTest {
    private static final LxcPlan PLAN = LxcPlan.of("demo", AddressPlan.of(new ClusterSpec("demo", "eu-central", null,
            null, 3, "example.org", null, List.of("ssh-ed25519 AAAA"), null, null, null)).node(1));

    private static List<String> walls(String host, String containers) {
        return LxcNode.walls(PLAN, ScriptFacts.parse(host), ScriptFacts.parse(containers));
    }

    /** A script's report line with these facts. */
    private static String report(String... facts) {
        return "kubelode:unchanged" + (facts.length == 0 ? "" : "\t" + String.join("\t", facts)) + "\n";
    }

    @Test
    void withoutAppArmorInTheKernelOnlyTheIdMapsHold() {
        // this CI machine's kernel: LXD keeps the rules, loads nothing
        assertThat(walls(report("apparmor=unavailable"), report("selinux=disabled", "apparmor=unavailable",
                "apparmor.demo-1-master=unavailable", "apparmor.demo-1-worker=unavailable"))).containsExactly("idmap");
    }

    @Test
    void appArmorCountsOnlyWhenBothContainersRunConfinedByTheirProfile() {
        String host = report("apparmor=enabled");
        String both = report("selinux=disabled", "apparmor=enabled", "apparmor.demo-1-master=enforce",
                "apparmor.demo-1-worker=enforce");
        assertThat(walls(host, both)).containsExactly("idmap", "apparmor");
        assertThat(walls(host, both.replace("demo-1-worker=enforce", "demo-1-worker=unconfined")))
                .as("one container unconfined").containsExactly("idmap");
        assertThat(walls(host, both.replace("demo-1-master=enforce", "demo-1-master=lxd-demo-1-master_(complain)")))
                .as("one container in complain mode").containsExactly("idmap");
        assertThat(walls(report("apparmor=unavailable"), both)).as("the host script saw no AppArmor")
                .containsExactly("idmap");
    }

    @Test
    void selinuxCountsWhenEnforcingAndMissingFactsCountAsNotEnforced() {
        assertThat(walls(report(), report("selinux=enforcing"))).containsExactly("idmap", "selinux");
        assertThat(walls(report(), report("selinux=permissive"))).containsExactly("idmap");
        // what the sandbox's hosts and an older script answer: no AppArmor facts at all
        assertThat(walls(report("selinux=disabled"), report("selinux=disabled"))).containsExactly("idmap");
    }
}
