package io.kubelode.hosts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * lxcfs, so that a host limited to its type's memory also shows that memory in its
 * {@code /proc/meminfo} (and {@code free}, and what LXD and the kubelet inside read): LXC's
 * {@code lxcfs} hook (Debian's lxcfs package, {@code common.conf.d/00-lxcfs.conf}) binds its files
 * over the container's {@code /proc} when the daemon serves {@code /var/lib/lxcfs}. Where systemd
 * runs the package's service it is already there; elsewhere (a CI container without systemd) it is
 * started here, in a session of its own, and outlives this process as a system daemon would.
 *
 * <p>A daemon that died (killed with the session that started it) leaves its FUSE mount behind,
 * answering every access with "Transport endpoint is not connected": that mount is detached first,
 * or nothing could be mounted there again.
 */
final class Lxcfs {
    static final Path MOUNT = Path.of("/var/lib/lxcfs");
    static final Path PIDFILE = Path.of("/run/lxcfs.pid");
    private static final Path HOOK = Path.of("/usr/share/lxcfs/lxc.mount.hook");
    private static final Path LOG = Path.of("/var/log/kubelode-lxcfs.log");

    private Lxcfs() {
    }

    /** Makes sure lxcfs serves {@link #MOUNT}; fails naming the package when it is missing. */
    static void ensure() {
        ensure(MOUNT, PIDFILE);
    }

    /** Processes that boot hosts side by side (the sandboxes of two stacks, a test) start one daemon. */
    static synchronized void ensure(Path mount, Path pidfile) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                pidfile.resolveSibling(pidfile.getFileName() + ".kubelode-lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock ignored = ch.lock()) {
            ensureLocked(mount, pidfile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock lxcfs's start beside " + pidfile, e);
        }
    }

    private static void ensureLocked(Path mount, Path pidfile) {
        Path meminfo = mount.resolve("proc/meminfo");
        if (Files.isReadable(meminfo)) {
            return;
        }
        if (!Files.isExecutable(HOOK) || Exec.run(List.of("sh", "-c", "command -v lxcfs"), null,
                Duration.ofSeconds(5)).exitStatus() != 0) {
            throw new IllegalStateException("a memory limit needs lxcfs to show in /proc/meminfo: install Debian's"
                    + " lxcfs (.ci/packages)");
        }
        if (mounted(mount)) {
            Exec.Result detach = Exec.run(List.of("umount", "-l", mount.toString()), null, Duration.ofSeconds(10));
            if (detach.exitStatus() != 0) {
                throw new IllegalStateException("lxcfs's mount " + mount + " is served by no daemon and could not be"
                        + " detached: " + detach.stderr().strip());
            }
        }
        try {
            Files.createDirectories(mount);
            new ProcessBuilder("setsid", "lxcfs", "--pidfile=" + pidfile, mount.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(LOG.toString())))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start lxcfs on " + mount + ": " + e, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.isReadable(meminfo)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("lxcfs did not serve " + mount + " within 10 s; see " + LOG);
            }
            try {
                Thread.sleep(50); // a FUSE mount appears without a signal to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for lxcfs", e);
            }
        }
    }

    /** Whether {@code mount} is a mount point now (served or not), from the kernel's own table. */
    static boolean mounted(Path mount) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" "))
                    .anyMatch(f -> f.length > 4 && f[4].equals(mount.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read /proc/self/mountinfo", e);
        }
    }
}
