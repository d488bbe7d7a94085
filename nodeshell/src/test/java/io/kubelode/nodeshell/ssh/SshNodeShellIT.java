package io.kubelode.nodeshell.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshNodeShell against Debian's real OpenSSH sshd on a loopback port. */
class SshNodeShellIT {
    private static final Ed25519Key HOST_KEY = Ed25519Key.generate();
    private static final Ed25519Key CLIENT_KEY = Ed25519Key.generate();
    private static final String USER = System.getProperty("user.name");

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;

    @BeforeAll
    static void startSshd() throws Exception {
        assertThat(OpenSshServer.SSHD).as("Debian's openssh-server must be installed").exists();
        sshd = OpenSshServer.start(dir, HOST_KEY, List.of(CLIENT_KEY.publicKeyLine("kubelode-test")));
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static SshNodeShell shell(Ed25519Key pinnedHostKey, Ed25519Key clientKey) {
        return new SshNodeShell(new SshTarget("127.0.0.1", sshd.port(), USER, pinnedHostKey.publicKey(),
                clientKey.keyPair()), Duration.ofSeconds(10));
    }

    @Test
    void runsTheScriptFromStdinWithKeyAuthAndThePinnedHostKey() {
        try (SshNodeShell shell = shell(HOST_KEY, CLIENT_KEY)) {
            CommandResult result = shell.run("""
                    set -euo pipefail
                    echo "args:$#"
                    echo to-stderr >&2
                    echo %s
                    """.formatted(NodeShell.CHANGED), Duration.ofSeconds(20));
            assertThat(result.exitStatus()).isZero();
            assertThat(result.stdout()).contains("args:0");
            assertThat(result.stderr()).contains("to-stderr");
            assertThat(result.changed()).isTrue();

            CommandResult second = shell.run("echo $((6 * 7))", Duration.ofSeconds(20));
            assertThat(second.stdout().strip()).isEqualTo("42");
        }
        assertThat(sshd.log()).contains("Accepted publickey for " + USER);
    }

    @Test
    void refusesAHostWhoseKeyIsNotThePinnedOne() {
        Ed25519Key otherHostKey = Ed25519Key.generate();
        try (SshNodeShell shell = shell(otherHostKey, CLIENT_KEY)) {
            assertThatThrownBy(() -> shell.run("touch " + dir.resolve("must-not-exist"), Duration.ofSeconds(20)))
                    .isInstanceOf(ShellException.class)
                    .hasMessageContaining(otherHostKey.fingerprint());
        }
        assertThat(dir.resolve("must-not-exist")).doesNotExist();
    }

    @Test
    void refusesAClientKeyThatIsNotAuthorized() {
        try (SshNodeShell shell = shell(HOST_KEY, Ed25519Key.generate())) {
            assertThatThrownBy(() -> shell.run("true", Duration.ofSeconds(20)))
                    .isInstanceOf(ShellException.class)
                    .hasMessageContaining("authentication");
        }
    }

    @Test
    void enforcesTheCommandTimeoutAndRecoversAfterIt() {
        try (SshNodeShell shell = shell(HOST_KEY, CLIENT_KEY)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> shell.run("sleep 60", Duration.ofSeconds(2)))
                    .isInstanceOf(ShellException.class)
                    .hasMessageContaining("timed out");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(12));
            assertThat(shell.run("echo again", Duration.ofSeconds(20)).stdout()).contains("again");
        }
    }

    @Test
    void aNonZeroExitFailsRunCheckedWithItsStderr() {
        try (SshNodeShell shell = shell(HOST_KEY, CLIENT_KEY)) {
            String script = """
                    set -euo pipefail
                    echo "apt: package nope-not-a-package not found" >&2
                    exit 3
                    """;
            assertThat(shell.run(script, Duration.ofSeconds(20)).exitStatus()).isEqualTo(3);
            assertThatThrownBy(() -> shell.runChecked("base role", script, Duration.ofSeconds(20)))
                    .isInstanceOf(ShellException.class)
                    .hasMessageContaining("base role exited 3")
                    .hasMessageContaining("nope-not-a-package not found");
        }
    }

    @Test
    void sendsLargeScriptsAndKeepsLargeOutput() throws Exception {
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (int i = 0; i < 5000; i++) {
            script.append("echo line-").append(i).append('\n');
        }
        try (SshNodeShell shell = shell(HOST_KEY, CLIENT_KEY)) {
            CommandResult result = shell.run(script.toString(), Duration.ofSeconds(30));
            assertThat(result.stdout().lines()).hasSize(5000).endsWith("line-4999");
        }
        assertThat(Files.exists(dir.resolve("authorized_keys"))).isTrue();
    }
}
