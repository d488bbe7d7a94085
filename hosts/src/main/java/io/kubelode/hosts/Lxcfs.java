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
 */
final class Lxcfs {
    static final Path MOUNT = Path.of("/var/lib/lxcfs");
    private static final Path MEMINFO = MOUNT.resolve("proc/meminfo");
    private static final Path HOOK = Path.of("/usr/share/lxcfs/lxc.mount.hook");

    private Lxcfs() {
    }

    /** Makes sure lxcfs serves {@link #MOUNT}; fails naming the package when it is missing. */
    static synchronized void ensure() {
        if (Files.isReadable(MEMINFO)) {
            return;
        }
        if (!Files.isExecutable(HOOK) || Exec.run(List.of("sh", "-c", "command -v lxcfs"), null,
                Duration.ofSeconds(5)).exitStatus() != 0) {
            throw new IllegalStateException("a memory limit needs lxcfs to show in /proc/meminfo: install Debian's"
                    + " lxcfs (.ci/packages)");
        }
        try {
            Files.createDirectories(MOUNT);
            new ProcessBuilder("setsid", "lxcfs", MOUNT.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("/var/log/kubelode-lxcfs.log")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start lxcfs", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.isReadable(MEMINFO)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("lxcfs did not serve " + MOUNT + " within 10 s; see "
                        + "/var/log/kubelode-lxcfs.log");
            }
            try {
                Thread.sleep(50); // a FUSE mount appears without a signal to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for lxcfs", e);
            }
        }
    }
}
