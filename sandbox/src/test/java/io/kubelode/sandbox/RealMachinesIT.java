package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubelode.hosts.DebianHost;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code machines.mode=real}, an instance is a real Debian 12 machine: created through the
 * API with the provisioner's kind of cloud-config, it boots, Debian's cloud-init installs the
 * pinned host key, root logs in with the request's key over real OpenSSH; a reboot through the API
 * really reboots it; a delete destroys it.
 */
@QuarkusTest
@TestProfile(RealMachinesIT.Real.class)
class RealMachinesIT {
    private static final String PREFIX = "kl-sbxit";

    public static class Real implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kubelode.sandbox.machines.mode", "real", "kubelode.sandbox.machines.bridge", "klsbxit0",
                    "kubelode.sandbox.machines.name-prefix", PREFIX,
                    "kubelode.sandbox.network.public-ipv4-range", "172.31.247.0/24",
                    "kubelode.sandbox.network.ssh-port", "22");
        }
    }

    @Test
    void anInstanceIsARealMachineThatCloudInitSetUpAndThatRebootsAndGoes(@TempDir Path dir) throws Exception {
        String why = DebianHost.unavailableReason();
        assumeTrue(why == null || "true".equals(System.getenv("CI")), "needs root and Debian's lxc: " + why);
        assertThat(why).as("in CI this machine must run system containers").isNull();
        Sandbox.reset();
        KeyPair host = TestKeys.ed25519();
        KeyPair user = TestKeys.ed25519();
        Path key = dir.resolve("id");
        Files.writeString(key, TestKeys.privatePem(user));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        JsonPath created = Sandbox.create("real-1", host, user);
        long id = created.getLong("id");
        String address = created.getList("ipv4", String.class).get(0);
        assertThat(address).startsWith("172.31.247.").isNotEqualTo("172.31.247.1");
        awaitStatus(id, "running");
        assertThat(Files.exists(DebianHost.INSTANCES.resolve(PREFIX + "-" + id))).isTrue();

        Path known = dir.resolve("known_hosts");
        Files.writeString(known, address + " " + TestKeys.publicLine(host, "host") + "\n");
        String first = ssh(key, known, address, "cloud-init status --wait >/dev/null; cloud-init status; hostname; "
                + "touch /run/kubelode-booted");
        assertThat(first).contains("status: done").contains("real-1");

        api().post("/v4/linode/instances/" + id + "/reboot").then().statusCode(200);
        assertThat(Sandbox.status(id)).isEqualTo("rebooting");
        awaitStatus(id, "running");
        assertThat(ssh(key, known, address, "test -e /run/kubelode-booted && echo same-boot || echo rebooted"))
                .isEqualTo("rebooted");

        api().delete("/v4/linode/instances/" + id).then().statusCode(200);
        assertThat(Files.exists(DebianHost.INSTANCES.resolve(PREFIX + "-" + id))).as("the machine is gone").isFalse();
    }

    private static void awaitStatus(long id, String status) {
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> status.equals(Sandbox.status(id)));
    }

    private static String ssh(Path key, Path known, String address, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + known, "root@" + address, "bash", "-s"))
                .redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("ssh with the pinned host key: " + out).isZero();
        return out.strip();
    }
}
