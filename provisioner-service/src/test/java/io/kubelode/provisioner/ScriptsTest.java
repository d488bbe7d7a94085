package io.kubelode.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every script the provisioner sends to a node passes the real shellcheck and follows the script convention. */
class ScriptsTest {
    static final Path BASE_ROLE = Path.of("src/main/resources/scripts/base-role.sh");

    @Test
    void baseRoleIsShellcheckClean() throws Exception {
        Process p = new ProcessBuilder(List.of("shellcheck", "--severity=style", "--shell=bash", BASE_ROLE.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void baseRoleFollowsTheScriptConvention() throws Exception {
        String script = Files.readString(BASE_ROLE);
        assertThat(script).contains("set -euo pipefail")
                .contains("echo \"kubelode:changed\"").contains("echo \"kubelode:unchanged\"")
                // the containers are root's LXD's: the base role makes no login user and no id range
                .doesNotContain("useradd").doesNotContain("/etc/subuid");
        for (String tool : List.of("curl", "htop", "tcpdump", "strace", "dnsutils", "iproute2", "selinux-utils",
                "policycoreutils", "uidmap")) {
            assertThat(script).containsPattern("[ (]" + tool + "[ )]");
        }
    }
}
