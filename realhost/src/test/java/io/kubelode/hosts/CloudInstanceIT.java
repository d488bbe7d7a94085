package io.kubelode.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.realhost.NeedsRealHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host booted as a cloud instance: Debian's real cloud-init applies the user data a provider
 * hands over (the pinned host key of cloud-config {@code ssh_keys}, as kubelode's provisioner
 * sends it), a reboot is a real shutdown and boot, and destroying it leaves nothing.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(NeedsRealHosts.DEFAULT_BRIDGE)
@ExtendWith(NeedsRealHosts.class)
class CloudInstanceIT {

    @Test
    void cloudInitInstallsThePinnedHostKeyAndARebootKeepsIt(@TempDir Path dir) throws Exception {
        Path client = dir.resolve("client");
        Path hostKey = dir.resolve("host");
        for (Path k : List.of(client, hostKey)) {
            Exec.checked(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k.toString()), Duration.ofSeconds(30));
        }
        String hostLine = Files.readString(dir.resolve("host.pub")).strip();
        StringBuilder userData = new StringBuilder("#cloud-config\nssh_deletekeys: true\nssh_genkeytypes: []\n"
                + "ssh_keys:\n  ed25519_private: |\n");
        Files.readString(hostKey).lines().forEach(l -> userData.append("    ").append(l).append('\n'));
        userData.append("  ed25519_public: \"").append(hostLine).append("\"\n");

        String name = "kl-hosts-cloud";
        DebianHost host = DebianHost.boot(name, HostBridge.DEFAULT.address(249), HostBridge.DEFAULT,
                List.of(Files.readString(dir.resolve("client.pub"))),
                new DebianHost.CloudInit("linode-4242", "node-4242", userData.toString()));
        try {
            Path known = dir.resolve("known_hosts");
            Files.writeString(known, host.address() + " " + hostLine + "\n");
            Exec.Result first = ssh(client, known, host, "cloud-init status --wait >/dev/null; cloud-init status; "
                    + "hostname; ls /etc/ssh/ | grep -c '^ssh_host_.*_key$'; touch /run/kubelode-booted");
            assertThat(first.exitStatus()).as(first.stderr()).isZero();
            assertThat(first.stdout()).contains("status: done").contains("node-4242");
            assertThat(first.stdout().strip()).as("only the pinned key is left").endsWith("1");

            host.reboot();
            Exec.Result second = ssh(client, known, host, "cloud-init status --wait >/dev/null; "
                    + "test -e /run/kubelode-booted && echo same-boot || echo rebooted");
            assertThat(second.exitStatus()).as("the pinned key still answers after the reboot: " + second.stderr())
                    .isZero();
            assertThat(second.stdout().strip()).isEqualTo("rebooted");
        } finally {
            host.close();
            HostBridge.DEFAULT.remove();
        }
        assertThat(Files.exists(DebianHost.INSTANCES.resolve(name))).isFalse();
    }

    private static Exec.Result ssh(Path key, Path known, DebianHost host, String script) {
        return Exec.run(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + known, "root@" + host.address(), "bash", "-s"), script,
                Duration.ofSeconds(180));
    }
}
