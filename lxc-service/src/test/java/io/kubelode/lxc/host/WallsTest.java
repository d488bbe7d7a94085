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

    @Test
    void withoutAppArmorInTheKernelOnlyTheIdMapsHold() {
        // this CI machine's kernel: LXD keeps the rules, loads nothing
        assertThat(walls("kubelode:fact apparmor=unavailable\n", "kubelode:fact selinux=disabled\n"
                + "kubelode:fact apparmor=unavailable\nkubelode:fact apparmor.demo-1-master=unavailable\n"
                + "kubelode:fact apparmor.demo-1-worker=unavailable\n")).containsExactly("idmap");
    }

    @Test
    void appArmorCountsOnlyWhenBothContainersRunConfinedByTheirProfile() {
        String host = "kubelode:fact apparmor=enabled\n";
        String both = "kubelode:fact selinux=disabled\nkubelode:fact apparmor=enabled\n"
                + "kubelode:fact apparmor.demo-1-master=enforce\nkubelode:fact apparmor.demo-1-worker=enforce\n";
        assertThat(walls(host, both)).containsExactly("idmap", "apparmor");
        assertThat(walls(host, both.replace("demo-1-worker=enforce", "demo-1-worker=unconfined")))
                .as("one container unconfined").containsExactly("idmap");
        assertThat(walls(host, both.replace("demo-1-master=enforce", "demo-1-master=lxd-demo-1-master_(complain)")))
                .as("one container in complain mode").containsExactly("idmap");
        assertThat(walls("kubelode:fact apparmor=unavailable\n", both)).as("the host script saw no AppArmor")
                .containsExactly("idmap");
    }

    @Test
    void selinuxCountsWhenEnforcingAndMissingFactsCountAsNotEnforced() {
        assertThat(walls("", "kubelode:fact selinux=enforcing\n")).containsExactly("idmap", "selinux");
        assertThat(walls("", "kubelode:fact selinux=permissive\n")).containsExactly("idmap");
        // what the sandbox's hosts and an older script answer: no AppArmor facts at all
        assertThat(walls("kubelode:fact selinux=disabled\n", "kubelode:fact selinux=disabled\n"))
                .containsExactly("idmap");
    }
}
