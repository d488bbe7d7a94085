package io.kubelode.apps.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scripts shipped in ConfigMaps: shellcheck-clean, and backup/restore proven against a real rsync daemon. */
class ScriptsTest {

    @ParameterizedTest
    @ValueSource(strings = {Scripts.BACKUP, Scripts.RESTORE, Scripts.GITEA_ADMIN, Scripts.LOCAL_PATH_SETUP,
            Scripts.LOCAL_PATH_TEARDOWN})
    void isShellcheckClean(String name, @TempDir Path dir) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, Scripts.load(name));
        Result r = run(dir, Map.of(), "shellcheck", "--shell=sh", "--severity=style", script.toString());
        assertThat(r.output).isEmpty();
        assertThat(r.code).isZero();
        assertThat(Scripts.load(name)).startsWith("#!/bin/sh\n").contains("set -eu");
    }

    @Test
    void backupShipsToTheHomeDaemonOnceAndRestoreBringsItBack(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path volume = Files.createDirectories(dir.resolve("volume/repos"));
        Files.writeString(volume.resolve("README.md"), "hello from the cluster\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("rsyncd.conf");
        Files.writeString(conf, """
                use chroot = no
                uid = %s
                gid = %s
                [kubelode]
                    path = %s
                    read only = false
                    hosts allow = 127.0.0.1
                """.formatted(Files.getAttribute(home, "unix:uid"), Files.getAttribute(home, "unix:gid"), home));
        Process daemon = new ProcessBuilder("rsync", "--daemon", "--no-detach", "--address=127.0.0.1",
                "--port=" + port, "--config=" + conf).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyncd.log").toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
            Path backup = dir.resolve(Scripts.BACKUP);
            Files.writeString(backup, Scripts.load(Scripts.BACKUP));
            String target = "rsync://127.0.0.1:" + port + "/kubelode/homelab-a1b2c/gitea/data";
            Map<String, String> env = Map.of("SOURCE_DIR", dir.resolve("volume").toString(), "TARGET_URL", target);

            Result first = run(dir, env, "sh", backup.toString());
            assertThat(first.code).as(first.output).isZero();
            assertThat(first.lastLine()).isEqualTo("kubelode:changed");
            assertThat(home.resolve("homelab-a1b2c/gitea/data/repos/README.md")).hasContent("hello from the cluster");
            Result second = run(dir, env, "sh", backup.toString());
            assertThat(second.lastLine()).isEqualTo("kubelode:unchanged");

            Path restore = dir.resolve(Scripts.RESTORE);
            Files.writeString(restore, Scripts.load(Scripts.RESTORE));
            Path fresh = dir.resolve("fresh-volume");
            Result restored = run(dir, Map.of("SOURCE_URL", target, "TARGET_DIR", fresh.toString()), "sh",
                    restore.toString());
            assertThat(restored.code).as(restored.output).isZero();
            assertThat(restored.lastLine()).isEqualTo("kubelode:changed");
            assertThat(fresh.resolve("repos/README.md")).hasContent("hello from the cluster");
        } finally {
            daemon.destroy();
        }
    }

    @Test
    void teardownHelperRefusesToRemoveAnythingOutsideTheVolumeRoot(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("teardown");
        Files.writeString(script, Scripts.load(Scripts.LOCAL_PATH_TEARDOWN));
        Path victim = Files.createDirectories(dir.resolve("etc"));
        Result r = run(dir, Map.of("VOL_DIR", victim.toString()), "sh", script.toString());
        assertThat(r.code).isNotZero();
        assertThat(r.output).contains("refusing");
        assertThat(victim).exists();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int code, String output) {
        String lastLine() {
            List<String> lines = output.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        assertThat(onPath(command[0])).as(command[0] + " must be installed (apt: shellcheck, rsync)").isTrue();
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static boolean onPath(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/bin", tool));
    }
}
