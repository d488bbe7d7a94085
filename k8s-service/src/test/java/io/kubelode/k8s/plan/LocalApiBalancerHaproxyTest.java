package io.kubelode.k8s.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered local load balancer configuration, checked by the real HAProxy ({@code haproxy -c}). */
class LocalApiBalancerHaproxyTest {
    @TempDir
    Path dir;

    @Test
    void haproxyAcceptsTheConfigurationForEveryClusterSize() throws Exception {
        for (int nodes : new int[] {3, 5}) {
            String cfg = LocalApiBalancer.of(Fixtures.layout(Fixtures.VERSION, nodes)).render();
            Result r = check(cfg);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains("Configuration file is valid");
        }
    }

    @Test
    void theCheckRejectsABrokenConfiguration() throws Exception {
        String broken = LocalApiBalancer.of(Fixtures.layout(Fixtures.VERSION, 3)).render().replace("mode tcp", "mode nonsense");
        assertThat(check(broken).exit()).isNotZero();
    }

    record Result(int exit, String output) {
    }

    private Result check(String cfg) throws IOException, InterruptedException {
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        Process p = new ProcessBuilder("haproxy", "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
