package io.kubelode.k8s.plan.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * containerd-config.toml, parsed by a real TOML parser (Python's tomllib), against the recipe of
 * Kubernetes' "Running Kubernetes Node Components as a Non-root User" (KEP-2033) for containerd
 * in a user namespace.
 */
class ContainerdConfigTest {
    static final Path CONFIG = Path.of("src/main/resources/scripts/containerd-config.toml");

    @Test
    void theCriPluginIsSetUpForAUserNamespace() throws Exception {
        JsonNode toml = parse(CONFIG);
        assertThat(toml.at("/version").asInt()).as("read by containerd 1.6 to 2.x").isEqualTo(2);
        JsonNode cri = toml.at("/plugins/io.containerd.grpc.v1.cri");
        assertThat(cri.isObject()).isTrue();
        // the recipe's three CRI settings
        assertThat(cri.at("/disable_apparmor").isBoolean()).isTrue();
        assertThat(cri.at("/disable_apparmor").asBoolean()).isTrue();
        assertThat(cri.at("/restrict_oom_score_adj").asBoolean()).isTrue();
        assertThat(cri.at("/disable_hugetlb_controller").asBoolean()).isTrue();
        // systemd runs in the container and owns its cgroup (the recipe's exception)
        assertThat(cri.at("/containerd/runtimes/runc/options/SystemdCgroup").asBoolean()).isTrue();
        assertThat(cri.at("/containerd/snapshotter").asText()).isEqualTo("overlayfs");
        assertThat(cri.at("/cni/bin_dir").asText()).isEqualTo("/usr/lib/cni");
        assertThat(cri.at("/cni/conf_dir").asText()).isEqualTo("/etc/cni/net.d");
    }

    @Test
    void theParserCatchesASettingInTheWrongTable() throws Exception {
        // disable_apparmor at the top level is ignored by containerd: the check above would fail
        Path wrong = Path.of("target/containerd-wrong.toml");
        java.nio.file.Files.writeString(wrong, "version = 2\ndisable_apparmor = true\n"
                + "[plugins.\"io.containerd.grpc.v1.cri\"]\n  restrict_oom_score_adj = true\n");
        JsonNode cri = parse(wrong).at("/plugins/io.containerd.grpc.v1.cri");
        assertThat(cri.at("/disable_apparmor").isMissingNode()).isTrue();
    }

    static JsonNode parse(Path toml) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c",
                "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))",
                toml.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new ObjectMapper().readTree(out);
    }
}
