package io.kubelode.lxc.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.support.shell.CommandResult;
import io.kubelode.support.shell.NodeShell;
import io.kubelode.support.ssh.Ed25519Key;
import io.kubelode.support.ssh.SshNodeShell;
import io.kubelode.support.ssh.SshTarget;
import io.kubelode.testkit.lxc.DebianHost;
import io.kubelode.testkit.lxc.TestBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proof on a real Debian 12 host (an LXC system container with systemd and OpenSSH, reached
 * over real SSH with a pinned host key): the provisioner's base role, then this layer's scripts,
 * asserted on the host itself, then a rerun that changes nothing, then the compensation.
 */
class RealHostIT {
    private static final Path BASE_ROLE = Path.of("../provisioner-service/src/main/resources/scripts/base-role.sh");
    private static final String CLUSTER = "lxcit";
    private static final Duration T = Duration.ofMinutes(10);

    @Test
    void baseRoleThenTwoUnprivilegedContainersApartThenNoChangeThenNothingLeft() throws Exception {
        String why = DebianHost.unavailableReason();
        assumeTrue(why == null || "true".equals(System.getenv("CI")), "needs root and Debian's lxc: " + why);
        assertThat(why).as("in CI this machine must run Debian system containers").isNull();
        assertThat(BASE_ROLE).as("the provisioner's base role").exists();

        AddressPlan addresses = AddressPlan.of(new ClusterSpec(CLUSTER, "eu-central", null, null, 3, "example.org",
                null, List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGsomeone"), null, null, null));
        LxcPlan plan = LxcPlan.of(CLUSTER, addresses.node(1));
        Ed25519Key client = Ed25519Key.generate();
        Path image = DebianHost.debianRootfsTarball();

        long t = System.nanoTime();
        try (DebianHost host = DebianHost.start("kl-lxcit-1", 11, TestBridge.DEFAULT, client.publicKeyLine("lxcit"));
             NodeShell ssh = new SshNodeShell(SshTarget.of(host.address(), host.sshPort(), "root",
                     host.hostKeyLine(), client.keyPair()), Duration.ofSeconds(20));
             NodeShell local = host.attachShell()) {
            time("host up (copy, boot, sshd)", t);

            t = System.nanoTime();
            assertThat(LxcNode.release(ssh, plan)).as("compensation where nothing ever existed").isFalse();
            time("compensation before anything existed", t);

            t = System.nanoTime();
            CommandResult base = ssh.run(Files.readString(BASE_ROLE), T);
            assertThat(base.exitStatus()).as(base.stderrTail()).isZero();
            time("provisioner base role", t);
            assertThat(sh(local, "getent passwd k8-master k8-worker | cut -d: -f1")).contains("k8-master", "k8-worker");

            // the image server is unreachable from here: the node gets the rootfs tarball the
            // host script would otherwise debootstrap itself
            host.copyIn(image, LxcPlan.IMAGE_TARBALL);

            LxcNode.Outcome first = LxcNode.ensure(ssh, plan);
            System.out.printf("lxd host script: %d s, containers script: %d s%n", first.hostTime().toSeconds(),
                    first.containersTime().toSeconds());
            assertThat(first.changed()).isTrue();
            LxcReady ready = first.ready();
            assertReady(ready, plan);
            assertOnHost(local, plan, ready);

            t = System.nanoTime();
            LxcNode.Outcome second = LxcNode.ensure(ssh, plan);
            time("second run", t);
            assertThat(second.changed()).as("a second run changes nothing").isFalse();
            assertThat(second.ready()).isEqualTo(ready);

            t = System.nanoTime();
            assertThat(LxcNode.release(ssh, plan)).isTrue();
            time("compensation", t);
            assertThat(sh(local, "lxc list --format csv -c n; lxc profile list --format csv | cut -d, -f1; "
                    + "lxc network list --format csv | cut -d, -f1")).doesNotContain(plan.master().name(),
                    plan.worker().name(), plan.profile(), plan.bridge());
            assertThat(LxcNode.release(ssh, plan)).as("compensation is safe to repeat").isFalse();
        }
    }

    private static void assertReady(LxcReady ready, LxcPlan plan) {
        assertThat(ready.master().name()).isEqualTo(CLUSTER + "-1-master");
        assertThat(ready.worker().name()).isEqualTo(CLUSTER + "-1-worker");
        assertThat(ready.master().owner()).isEqualTo("k8-master");
        assertThat(ready.worker().owner()).isEqualTo("k8-worker");
        assertThat(ready.master().address()).isEqualTo(plan.master().address()).isEqualTo("10.100.1.2");
        assertThat(ready.worker().address()).isEqualTo(plan.worker().address()).isEqualTo("10.100.1.3");
        Container m = ready.master();
        Container w = ready.worker();
        assertThat(m.idmapStart() + m.idmapSize() <= w.idmapStart() || w.idmapStart() + w.idmapSize() <= m.idmapStart())
                .as("maps %s+%s and %s+%s never overlap", m.idmapStart(), m.idmapSize(), w.idmapStart(), w.idmapSize())
                .isTrue();
        assertThat(ready.selinux()).isIn("enforcing", "permissive", "disabled");
    }

    private static void assertOnHost(NodeShell local, LxcPlan plan, LxcReady ready) {
        String m = plan.master().name();
        String w = plan.worker().name();
        long mStart = ready.master().idmapStart();
        long wStart = ready.worker().idmapStart();
        assertThat(sh(local, "grep -E '^k8-(master|worker):' /etc/subuid"))
                .contains("k8-master:" + mStart + ":" + ready.master().idmapSize())
                .contains("k8-worker:" + wStart + ":" + ready.worker().idmapSize());
        assertThat(sh(local, "dpkg-query -W -f='${Status}' lxd")).isEqualTo("install ok installed");
        assertThat(sh(local, "systemctl is-active lxd")).isEqualTo("active");
        assertThat(sh(local, "lxc storage get kubelode source")).isEqualTo("/var/lib/lxd/storage-pools/kubelode");
        assertThat(sh(local, "lxc network get kubelode0 ipv4.address")).isEqualTo(plan.bridgeCidr());
        assertThat(sh(local, "lxc list --format csv -c ns"))
                .contains(m + ",RUNNING").contains(w + ",RUNNING");
        // the kernel's view: the containers' init processes run as the first id of their owner's range
        assertThat(sh(local, "cat /proc/$(lxc info " + m + " | awk '/^PID:/ {print $2}')/uid_map"))
                .matches("\\s*0\\s+" + mStart + "\\s+" + ready.master().idmapSize());
        assertThat(sh(local, "stat -c %u /proc/$(lxc info " + w + " | awk '/^PID:/ {print $2}')"))
                .isEqualTo(Long.toString(wStart));
        assertThat(sh(local, "lxc exec " + m + " -- ip -4 -o addr show dev eth0"))
                .contains(" " + plan.master().address() + "/24 ");
        assertThat(sh(local, "lxc exec " + w + " -- ip -4 -o addr show dev eth0"))
                .contains(" " + plan.worker().address() + "/24 ");
        assertThat(sh(local, "lxc exec " + w + " -- ip -4 route show default")).contains("via " + plan.gateway());
        String rootfs = "/var/lib/lxd/storage-pools/kubelode/containers/";
        // a process escaping the worker is the worker's mapped root on the host: it cannot read the master
        CommandResult escapee = local.run("setpriv --reuid " + wStart + " --regid " + wStart + " --clear-groups "
                + "cat " + rootfs + m + "/rootfs/etc/hostname", Duration.ofSeconds(30));
        assertThat(escapee.stdout()).isEmpty();
        assertThat(escapee.exitStatus()).as("worker's root reading the master's files").isNotZero();
        assertThat(escapee.stderr()).contains("Permission denied");
        // control: the master's own mapped root can, so the refusal above is the separation, not a wrong path
        assertThat(sh(local, "setpriv --reuid " + mStart + " --regid " + mStart + " --clear-groups "
                + "cat " + rootfs + m + "/rootfs/etc/hostname")).isEqualTo(m);
        assertThat(sh(local, "lxc exec " + w + " -- hostname")).isEqualTo(w);
    }

    private static String sh(NodeShell shell, String script) {
        CommandResult r = shell.run("set -euo pipefail\n" + script, Duration.ofSeconds(60));
        assertThat(r.exitStatus()).as(script + ": " + r.stderrTail()).isZero();
        return r.stdout().strip();
    }

    private static void time(String step, long startNanos) {
        System.out.printf("%s: %d s%n", step, Duration.ofNanos(System.nanoTime() - startNanos).toSeconds());
    }
}
