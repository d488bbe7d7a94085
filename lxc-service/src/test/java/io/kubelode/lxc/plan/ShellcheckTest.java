package io.kubelode.lxc.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every host script, as committed and as rendered for a node, passes the real shellcheck. */
class ShellcheckTest {

    @ParameterizedTest
    @EnumSource(LxcScript.class)
    void scriptIsShellcheckClean(LxcScript script) throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v shellcheck").start().waitFor() == 0;
        assumeTrue(present || "true".equals(System.getenv("CI")), "shellcheck is not installed");
        assertThat(present).as("shellcheck must be installed in CI").isTrue();
        assertClean(script.text());
        LxcPlan plan = LxcPlan.of("demo", AddressPlan.of(new ClusterSpec("demo", "eu-central", null, null, 3,
                "example.org", null, List.of("ssh-ed25519 AAAA"), null, null, null)).node(1));
        assertClean(script.render(plan));
        assertThat(script.text()).contains("set -euo pipefail").contains("kubelode:unchanged");
    }

    private static void assertClean(String text) throws IOException, InterruptedException {
        Path file = Files.createTempFile("lxc-script", ".sh");
        try {
            Files.writeString(file, text);
            Process p = new ProcessBuilder("shellcheck", "-s", "bash", "-S", "style", file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        } finally {
            Files.delete(file);
        }
    }
}
