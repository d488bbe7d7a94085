package io.kubelode.realhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.hosts.DebianHost;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as its own process with {@code machines.mode=real}: an instance created through the
 * Linode API with the provisioner's kind of cloud-config boots as a real Debian 12 machine,
 * Debian's cloud-init installs the pinned host key, root logs in with the request's key over real
 * OpenSSH; a reboot through the API really reboots it; a delete destroys it.
 */
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(NeedsRealHosts.class)
class SandboxRealMachinesIT {
    private static final String PREFIX = "kl-sbxit";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInstanceIsARealMachineThatCloudInitSetUpAndThatRebootsAndGoes(@TempDir Path dir) throws Exception {
        Path user = keygen(dir, "user");
        Path host = keygen(dir, "host");
        String hostLine = Files.readString(dir.resolve("host.pub")).strip();
        StringBuilder cloudConfig = new StringBuilder("#cloud-config\nssh_deletekeys: true\nssh_genkeytypes: []\n"
                + "ssh_keys:\n  ed25519_private: |\n");
        Files.readString(host).lines().forEach(l -> cloudConfig.append("    ").append(l).append('\n'));
        cloudConfig.append("  ed25519_public: \"").append(hostLine).append("\"\n");

        try (LocalStack stack = LocalStack.builder().only(Set.of(StackService.SANDBOX)).ipv4Range("172.31.247.0/24")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.mode", "real")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.bridge", "klsbxit0")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.name-prefix", PREFIX)
                .prop(StackService.SANDBOX, "kubelode.sandbox.network.ssh-port", "22").start()) {
            URI api = stack.process(StackService.SANDBOX).url("/v4/linode/instances");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("region", "us-east");
            body.put("type", "g6-standard-1");
            body.put("image", "linode/debian12");
            body.put("label", "real-1");
            body.put("root_pass", "A-long-Random-pass-real-1");
            body.put("authorized_keys", List.of(Files.readString(dir.resolve("user.pub")).strip()));
            body.put("metadata", Map.of("user_data",
                    Base64.getEncoder().encodeToString(cloudConfig.toString().getBytes(StandardCharsets.UTF_8))));
            JsonNode created = call(stack, "POST", api, JSON.writeValueAsString(body));
            long id = created.path("id").asLong();
            String address = created.path("ipv4").get(0).asText();
            assertThat(address).startsWith("172.31.247.").isNotEqualTo("172.31.247.1");
            awaitStatus(stack, api, id, "running");
            assertThat(Files.exists(DebianHost.INSTANCES.resolve(PREFIX + "-" + id))).isTrue();

            Path known = dir.resolve("known_hosts");
            Files.writeString(known, address + " " + hostLine + "\n");
            assertThat(ssh(user, known, address, "cloud-init status --wait >/dev/null; cloud-init status; hostname; "
                    + "touch /run/kubelode-booted")).contains("status: done").contains("real-1");
            // g6-standard-1 has 2048 MB: the machine is limited to it, and its /proc/meminfo says so (lxcfs)
            long memTotalKib = Long.parseLong(ssh(user, known, address, "awk '/^MemTotal:/ {print $2}' /proc/meminfo"));
            assertThat(memTotalKib).as("MemTotal of a g6-standard-1").isEqualTo(2048L * 1024);

            // faults by a script's declared name, through the machine's ssh gate and the door: failed, slowed,
            // its connection dropped by the real sshd (no exit status), then run as sent
            String probe = "#!/usr/bin/env bash\n# kubelode: probe.sh\necho probe-ran\n";
            stack.sandbox().fault(Map.of("type", "fail-commands", "label_pattern", "real-1", "command_pattern",
                    "^probe\\.sh$", "exit_status", 7, "stderr", "probe.sh failed: injected", "count", 1));
            stack.sandbox().fault(Map.of("type", "slow-commands", "label_pattern", "real-1", "command_pattern",
                    "^probe\\.sh$", "delay_ms", 2000, "count", 1));
            stack.sandbox().fault(Map.of("type", "drop-commands", "label_pattern", "real-1", "command_pattern",
                    "^probe\\.sh$", "count", 1));
            String[] failed = sshRun(user, known, address, probe);
            assertThat(failed[0]).isEqualTo("7");
            assertThat(failed[1]).isEqualTo("probe.sh failed: injected");
            long slowStart = System.nanoTime();
            assertThat(sshRun(user, known, address, probe)).containsExactly("0", "probe-ran");
            assertThat(Duration.ofNanos(System.nanoTime() - slowStart)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            String[] dropped = sshRun(user, known, address, probe);
            assertThat(dropped[0]).as("ssh's status when the connection closes under it").isEqualTo("255");
            assertThat(dropped[1]).doesNotContain("probe-ran");
            assertThat(sshRun(user, known, address, probe)).containsExactly("0", "probe-ran");

            call(stack, "POST", URI.create(api + "/" + id + "/reboot"), "{}");
            awaitStatus(stack, api, id, "running");
            assertThat(ssh(user, known, address, "test -e /run/kubelode-booted && echo same-boot || echo rebooted"))
                    .isEqualTo("rebooted");

            call(stack, "DELETE", URI.create(api + "/" + id), null);
            assertThat(Files.exists(DebianHost.INSTANCES.resolve(PREFIX + "-" + id))).as("the machine is gone").isFalse();
        }
    }

    /** Waits for the status; an instance gone {@code offline} (its machine did not come up) fails at once, with why. */
    private static void awaitStatus(LocalStack stack, URI api, long id, String status) throws IOException {
        String[] seen = {""};
        try {
            Awaitility.await("instance " + id + " " + status).atMost(Duration.ofMinutes(6))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> List.of(status, "offline").contains(
                            seen[0] = call(stack, "GET", URI.create(api + "/" + id), null).path("status").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            seen[0] = "still " + seen[0] + " after 6 minutes";
        }
        assertThat(seen[0]).as("instance %d; the sandbox said of it: %s", id, sandboxSaid(stack, id)).isEqualTo(status);
    }

    private static List<String> sandboxSaid(LocalStack stack, long id) throws IOException {
        Path log = stack.workDir().resolve("logs/sandbox.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("instance " + id))
                .toList() : List.of();
    }

    private static JsonNode call(LocalStack stack, String method, URI uri, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + stack.linodeToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + uri + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    }

    private static Path keygen(Path dir, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("ssh-keygen").isTrue();
        return key;
    }

    private static String ssh(Path key, Path known, String address, String script) throws IOException, InterruptedException {
        String[] r = sshRun(key, known, address, script);
        assertThat(r[0]).as("ssh with the pinned host key: " + r[1]).isEqualTo("0");
        return r[1];
    }

    /** {@code bash -s} with {@code script} over ssh: its exit status and its output (both streams), stripped. */
    private static String[] sshRun(Path key, Path known, String address, String script)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + known, "-o", "LogLevel=ERROR",
                "root@" + address, "bash", "-s")).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), out.strip()};
    }
}
