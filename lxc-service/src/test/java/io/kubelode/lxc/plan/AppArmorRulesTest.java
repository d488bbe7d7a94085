package io.kubelode.lxc.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The AppArmor rules lxd-containers.sh gives each container against the node's other one, as the
 * script's own {@code wall_rules} prints them (run by bash, the function cut out of the committed
 * script), and compiled by AppArmor's parser where it is installed (compile only; this machine's
 * kernel has no AppArmor, so nothing here shows them enforced: see the lxc-service README).
 */
class AppArmorRulesTest {
    private static final String POOL_DIR = "/var/lib/lxd/storage-pools/kubelode";

    private static String rules(String self, String other) throws Exception {
        String text = LxcScript.CONTAINERS.text();
        String function = text.substring(text.indexOf("wall_rules() {"), text.indexOf("\n}\n", text.indexOf("wall_rules() {")) + 3);
        String script = "set -euo pipefail\nLXD_DIR=/var/lib/lxd\nWALL_MARK='# kubelode wall:'\n" + function
                + "wall_rules " + self + " " + other + " " + POOL_DIR + "\n";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theWorkerIsDeniedTheMastersStorageAndProcessesAndNothingOfItsOwn() throws Exception {
        String worker = rules("demo-1-worker", "demo-1-master");
        assertThat(worker.lines().findFirst()).contains("# kubelode wall: demo-1-worker may not touch demo-1-master");
        assertThat(worker).contains("deny " + POOL_DIR + "/containers/demo-1-master/** rwklmx,\n")
                .contains("deny " + POOL_DIR + "/containers/demo-1-master/ rwklmx,\n")
                .contains("deny " + POOL_DIR + "/containers-snapshots/demo-1-master/** rwklmx,\n")
                .contains("deny /var/lib/lxd/containers/demo-1-master/** rwklmx,\n")
                .contains("deny /var/log/lxd/demo-1-master/** rwklmx,\n")
                .contains("deny ptrace peer=lxd-demo-1-master_**,\n")
                .contains("deny signal peer=lxd-demo-1-master_**,\n")
                .doesNotContain("demo-1-worker/");
        assertThat(worker.lines().skip(1).toList()).allMatch(l -> l.startsWith("deny ") && l.endsWith(","));
        String master = rules("demo-1-master", "demo-1-worker");
        assertThat(master).contains("deny " + POOL_DIR + "/containers/demo-1-worker/** rwklmx,\n")
                .contains("deny ptrace peer=lxd-demo-1-worker_**,\n").doesNotContain("demo-1-master/");
    }

    @Test
    void appArmorsParserCompilesThemWhereItIsInstalled() throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v apparmor_parser").start().waitFor() == 0;
        assumeTrue(present, "apparmor_parser is not installed here (package apparmor); the real-host scenario "
                + "compiles the rules on its hosts, where lxd-host.sh installs it");
        for (List<String> pair : List.of(List.of("demo-1-worker", "demo-1-master"), List.of("demo-1-master", "demo-1-worker"))) {
            String profile = "profile kubelode-check {\n" + rules(pair.get(0), pair.get(1)) + "}\n";
            Process p = new ProcessBuilder("apparmor_parser", "-Q", "-K").redirectErrorStream(true).start();
            p.getOutputStream().write(profile.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
    }
}
