package io.kubelode.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provisioner's script follows the script convention (shellcheck: support's HostScriptsShellcheckTest). */
class ScriptsTest {
    static final Path BASE_ROLE = Path.of("src/main/resources/scripts/base-role.sh");

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
