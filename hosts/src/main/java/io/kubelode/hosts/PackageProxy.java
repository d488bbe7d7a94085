package io.kubelode.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's apt-cacher-ng on a {@link HostBridge}'s own address: the way out of the bridge for Debian's
 * packages, and their cache. Every plain-HTTP connection the bridge's machines (and the containers in
 * them, whose traffic leaves NATed by their machine) open to an address off the bridge is redirected to
 * it, so an unmodified {@code apt-get} fetching {@code http://deb.debian.org/...} gets it from here: what
 * one of nine machines or eighteen containers fetched, the others get from the cache, and it stays
 * warm for the next run on this machine ({@code /var/cache/kubelode-hosts/apt/<bridge>}; apt-cacher-ng
 * checks index files against the mirror, and a package's file name carries its version).
 * The proxy's own configuration, log and pid are in {@code /run/kubelode-hosts/apt-<bridge>}.
 */
final class PackageProxy {
    /** Not apt-cacher-ng's own 3142, which its package's service may hold on every address. */
    static final int PORT = 3149;
    static final Path DAEMON = Path.of("/usr/sbin/apt-cacher-ng");
    private static final Path RUN = Path.of("/run/kubelode-hosts");
    private static final Path CACHE = DebianHost.CACHE.resolve("apt");
    private static final Duration T = Duration.ofSeconds(20);

    private PackageProxy() {
    }

    /** Starts the bridge's proxy unless it runs; returns once it accepts connections. */
    static void ensure(HostBridge bridge) {
        Path dir = RUN.resolve("apt-" + bridge.name());
        if (alive(dir) && accepts(bridge.gateway(), Duration.ZERO)) {
            return;
        }
        stop(bridge);
        try {
            Files.createDirectories(dir);
            Path cache = Files.createDirectories(CACHE.resolve(bridge.name()));
            Files.writeString(dir.resolve("acng.conf"), String.join("\n",
                    "# kubelode: the package proxy of bridge " + bridge.name() + " (hosts PackageProxy)",
                    "CacheDir: " + cache,
                    "LogDir: " + dir,
                    "PidFile: " + dir.resolve("pid"),
                    "SupportDir: /usr/lib/apt-cacher-ng",
                    "Port: " + PORT,
                    "BindAddress: " + bridge.gateway(),
                    // the mirror this machine reaches (the package's default list names ftp.debian.org)
                    "Remap-debrep: file:deb_mirror*.gz /debian ; http://deb.debian.org/debian/",
                    "Remap-secdeb: security.debian.org security.debian.org/debian-security "
                            + "deb.debian.org/debian-security /debian-security ; http://deb.debian.org/debian-security/",
                    "ExThreshold: 4", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the package proxy's configuration in " + dir, e);
        }
        // it forks into the background once it listens; its messages go to its log (apt-cacher.err)
        Exec.checked(List.of("sh", "-c", "exec \"$0\" -c \"$1\" </dev/null >/dev/null 2>&1", DAEMON.toString(),
                dir.toString()), T);
        if (!accepts(bridge.gateway(), Duration.ofSeconds(10))) {
            throw new IllegalStateException("the package proxy of " + bridge.name() + " does not listen at "
                    + bridge.gateway() + ":" + PORT + "; see " + dir.resolve("apt-cacher.err"));
        }
    }

    /** Stops the bridge's proxy and removes its run directory; the cache stays. Idempotent. */
    static void stop(HostBridge bridge) {
        Path dir = RUN.resolve("apt-" + bridge.name());
        if (alive(dir)) {
            Exec.run(List.of("sh", "-c", "kill \"$(cat \"$0\")\"", dir.resolve("pid").toString()), null, T);
        }
        Exec.run(List.of("rm", "-rf", dir.toString()), null, T);
    }

    /** Whether the proxy the pid file names runs. */
    private static boolean alive(Path dir) {
        Path pid = dir.resolve("pid");
        return Files.isReadable(pid) && Exec.run(List.of("sh", "-c", "kill -0 \"$(cat \"$0\")\"", pid.toString()),
                null, T).exitStatus() == 0;
    }

    /** Whether a connection to the proxy succeeds within {@code wait} (at least one try). */
    private static boolean accepts(String address, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, PORT), 500);
                return true;
            } catch (IOException e) {
                // not yet: the daemon forks once it listens, so this is the fork's instant at most
                try {
                    Thread.sleep(50);
                } catch (InterruptedException i) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        } while (System.nanoTime() < deadline);
        return false;
    }
}
