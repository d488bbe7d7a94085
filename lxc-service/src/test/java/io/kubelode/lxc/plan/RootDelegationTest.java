package io.kubelode.lxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lxd-host.sh's delegation of the two containers' id ranges to root, run by the real bash on the
 * ranges the plan renders, with {@code /etc/subuid} and {@code /etc/subgid} moved to a temporary
 * directory: no login user is needed, a second run changes nothing, and a range that overlaps
 * anyone else's ids is refused before anything is written.
 */
class RootDelegationTest {
    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) {
    }

    @Test
    void delegatesBothRangesToRootOnAHostWithNoContainerUserThenChangesNothing() throws Exception {
        Files.writeString(tmp.resolve("subuid"), "admin:100000:65536\n");
        Files.writeString(tmp.resolve("subgid"), "admin:100000:65536\n");
        Run first = delegate();
        assertThat(first.exit()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("\trange.master.subuid=1000000000:10000000",
                "\trange.worker.subgid=1010000000:10000000", "changed=1");
        for (String file : List.of("subuid", "subgid")) {
            assertThat(Files.readAllLines(tmp.resolve(file)))
                    .containsExactly("admin:100000:65536", "root:1000000000:10000000", "root:1010000000:10000000");
        }
        Run second = delegate();
        assertThat(second.exit()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("changed=0");
        assertThat(Files.readAllLines(tmp.resolve("subuid"))).hasSize(3);
    }

    @Test
    void refusesARangeThatOverlapsAnotherEntryAndWritesNothing() throws Exception {
        String before = "admin:100000:65536\nbig:1005000000:1000\n";
        Files.writeString(tmp.resolve("subuid"), before);
        Files.writeString(tmp.resolve("subgid"), before);
        Run run = delegate();
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("lxd-host: the master range 1000000000+10000000 overlaps big:1005000000:1000 in "
                + tmp.resolve("subuid"));
        assertThat(Files.readString(tmp.resolve("subuid"))).isEqualTo(before);
    }

    private Run delegate() throws Exception {
        LxcPlan plan = LxcPlan.of("demo", AddressPlan.of(new ClusterSpec("demo", "eu-central", null, null, 3,
                "example.org", null, List.of("ssh-ed25519 AAAA"), null, null, null)).node(1));
        String script = LxcScript.HOST.render(plan);
        String files = "readonly SUBID_FILES=(/etc/subuid /etc/subgid)";
        assertThat(script).contains(files).endsWith("main \"$@\"\n");
        String definitions = script.substring(0, script.lastIndexOf("main \"$@\""))
                .replace(files, "readonly SUBID_FILES=('" + tmp.resolve("subuid") + "' '" + tmp.resolve("subgid") + "')");
        Process p = new ProcessBuilder("bash", "-c", definitions + "\nchanged=0\nrestart_lxd=0\nensure_root_delegation\n"
                + "echo \"changed=$changed\"\nreport\n").start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }
}
