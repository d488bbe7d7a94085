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

/** A stand-in host really boots, answers SSH with the pinned key only, and reaches Debian's mirror. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(NeedsRealHosts.DEFAULT_BRIDGE)
@ExtendWith(NeedsRealHosts.class)
class DebianHostIT {

    @Test
    void bootsWithPinnedHostKeyAndReachesDebianMirror(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("id");
        Exec.checked(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), Duration.ofSeconds(30));
        try (DebianHost host = DebianHost.start("kl-hosts-it", 250, HostBridge.DEFAULT,
                Files.readString(dir.resolve("id.pub")))) {
            Path known = dir.resolve("known_hosts");
            Files.writeString(known, host.address() + " " + host.hostKeyLine() + "\n");
            Exec.Result ssh = Exec.run(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes",
                    "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + known,
                    "root@" + host.address(), "bash", "-s"),
                    "set -euo pipefail; hostname; ls /sys/fs/cgroup/cpuacct/cpuacct.usage; "
                            + "apt-get -q update >/dev/null && echo apt-ok", Duration.ofSeconds(120));
            assertThat(ssh.exitStatus()).as(ssh.stderr()).isZero();
            assertThat(ssh.stdout()).contains("kl-hosts-it").contains("apt-ok");
            assertThat(host.hostKeyFingerprint()).startsWith("SHA256:");
            // a quarter of a process's CPU weight (this machine's cgroup v1): its apt runs do not starve the tests
            Exec.Result shares = Exec.run(List.of("lxc-cgroup", "-P", DebianHost.INSTANCES.toString(), "-n",
                    "kl-hosts-it", "cpu.shares"), null, Duration.ofSeconds(30));
            assertThat(shares.stdout().trim()).as(shares.stderr()).isEqualTo(Integer.toString(DebianHost.CPU_SHARES_V1));

            Files.writeString(known, host.address() + " ssh-ed25519 "
                    + "AAAAC3NzaC1lZDI1NTE5AAAAIEFh3nVr2PxcwxF9n3wq2n7Z2e3o2bY7cG7JqkVf0dU1\n");
            Exec.Result wrongKey = Exec.run(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes",
                    "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + known,
                    "root@" + host.address(), "true"), null, Duration.ofSeconds(30));
            assertThat(wrongKey.exitStatus()).as("a different pinned key must be refused").isNotZero();
        }
        assertThat(Files.exists(DebianHost.INSTANCES.resolve("kl-hosts-it"))).isFalse();
        HostBridge.DEFAULT.remove();
        assertThat(HostBridge.DEFAULT.exists()).as("the bridge after its removal").isFalse();
        HostBridge.DEFAULT.remove();
    }
}
