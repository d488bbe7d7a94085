package io.kubelode.lxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lxd-host.sh's kernel modules, run by the real bash: its {@code ensure_modules} with
 * {@code modprobe} and the kernel's module list stood in for (nothing is loaded on this machine),
 * and {@code /etc/modules-load.d} moved to a temporary directory.
 */
class HostModulesTest {
    static final List<String> REQUIRED = List.of("overlay", "br_netfilter", "nf_conntrack", "nf_nat", "ip_tables",
            "iptable_filter", "iptable_nat", "nf_tables", "nft_compat", "nft_chain_nat", "xt_conntrack",
            "xt_MASQUERADE", "xt_addrtype", "xt_comment", "xt_mark");

    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) {
    }

    @Test
    void loadsWhatIsMissingListsEveryModuleForBootAndThenChangesNothing() throws Exception {
        Path loaded = tmp.resolve("loaded");
        Files.writeString(loaded, "overlay\nbr_netfilter\n");
        Run first = ensureModules(loaded, "");
        assertThat(first.exit()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("\tmodule.overlay=present",
                "\tmodule.nf_conntrack=loaded", "\tmodule.iptable_nat=loaded",
                "\tmodule.ip6table_nat=loaded", "\tmodules.missing=none", "changed=1");
        List<String> listed = Files.readAllLines(tmp.resolve("modules-load.d/kubelode.conf")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        assertThat(listed).containsAll(REQUIRED).contains("ip6_tables", "ip6table_nat").doesNotHaveDuplicates();
        assertThat(Files.readAllLines(loaded)).containsAll(REQUIRED);

        Run second = ensureModules(loaded, "");
        assertThat(second.exit()).isZero();
        assertThat(second.stdout()).contains("changed=0").doesNotContain("=loaded");
    }

    @Test
    void aModuleTheKernelLacksIsAWarningNotAFailure() throws Exception {
        Path loaded = tmp.resolve("loaded");
        Files.writeString(loaded, "");
        Run r = ensureModules(loaded, "xt_conntrack ip6table_nat");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("\tmodule.xt_conntrack=missing",
                "\tmodule.ip6table_nat=missing", "\tmodule.nf_nat=loaded",
                "\tmodules.missing=xt_conntrack,ip6table_nat");
        assertThat(r.stderr()).contains("WARNING: required module xt_conntrack is neither built in nor loadable")
                .contains("module ip6table_nat is neither built in nor loadable here (wanted, not required)")
                .doesNotContain("WARNING: required module ip6table_nat");
    }

    /** The script's definitions, then ensure_modules with stand-ins; {@code absent}: modules modprobe cannot find. */
    private Run ensureModules(Path loaded, String absent) throws IOException, InterruptedException {
        String script = LxcScript.HOST.render(LxcPlan.of("demo", AddressPlan.of(new ClusterSpec("demo", "eu-central",
                null, null, 3, "example.org", null, List.of("ssh-ed25519 AAAA"), null, null, null)).node(1)));
        assertThat(script).contains("readonly MODULES_FILE=/etc/modules-load.d/kubelode.conf").endsWith("main \"$@\"\n");
        String definitions = script.substring(0, script.lastIndexOf("main \"$@\""))
                .replace("readonly MODULES_FILE=/etc/modules-load.d/kubelode.conf",
                        "readonly MODULES_FILE='" + tmp.resolve("modules-load.d/kubelode.conf") + "'");
        String harness = """
                %s
                module_present() { grep -qx "$1" '%s'; }
                modprobe() {
                  [[ " %s " != *" $1 "* ]] || { echo "modprobe: FATAL: Module $1 not found" >&2; return 1; }
                  echo "$1" >>'%s'
                }
                changed=0
                ensure_modules
                echo "changed=$changed"
                report
                """.formatted(definitions, loaded, absent, loaded);
        Process p = new ProcessBuilder("bash", "-c", harness).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }
}
