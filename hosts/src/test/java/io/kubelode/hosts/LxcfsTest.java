package io.kubelode.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real lxcfs whose daemon died leaves a mount that answers "Transport endpoint is not
 * connected" (what a machine whose earlier session was killed has at /var/lib/lxcfs); ensure
 * detaches it and serves the directory again. Runs on its own mount point and pid file, beside
 * any lxcfs the machine has.
 */
class LxcfsTest {
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        Exec.run(List.of("sh", "-c", "kill $(cat " + dir.resolve("pid") + ") 2>/dev/null; umount -l "
                + dir.resolve("mnt") + " 2>/dev/null; true"), null, Duration.ofSeconds(10));
    }

    @Test
    void aMountLeftByADeadDaemonIsDetachedAndServedAgain() throws Exception {
        Path mount = dir.resolve("mnt");
        Path pid = dir.resolve("pid");
        Lxcfs.ensure(mount, pid);
        assertThat(mount.resolve("proc/meminfo")).isReadable();

        Exec.Result kill = Exec.run(List.of("sh", "-c", "kill -9 $(cat " + pid + ")"), null, Duration.ofSeconds(5));
        assertThat(kill.exitStatus()).as(kill.stderr()).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.isReadable(mount.resolve("proc/meminfo")) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the kernel tears the FUSE connection down after the process exits
        }
        assertThat(Lxcfs.mounted(mount)).as("the dead daemon's mount is still there").isTrue();
        assertThat(Files.isReadable(mount.resolve("proc/meminfo"))).as("and serves nothing").isFalse();

        Lxcfs.ensure(mount, pid);

        assertThat(Files.readString(mount.resolve("proc/meminfo"))).contains("MemTotal:");
    }
}
