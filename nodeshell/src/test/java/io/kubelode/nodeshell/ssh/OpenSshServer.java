package io.kubelode.nodeshell.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real OpenSSH sshd on a loopback port, with its own config, host key and
 * authorized_keys in a temporary directory ({@code sshd -D -e -f config}).
 */
final class OpenSshServer implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final int port;
    private final Path dir;
    private final StringBuffer log = new StringBuffer();

    private OpenSshServer(Path dir, Ed25519Key hostKey, List<String> authorizedKeys) throws IOException, InterruptedException {
        this.dir = dir;
        Files.createDirectories(Path.of("/run/sshd"));
        Path hostKeyFile = dir.resolve("ssh_host_ed25519_key");
        Files.writeString(hostKeyFile, hostKey.privateKeyPem());
        Files.setPosixFilePermissions(hostKeyFile, PosixFilePermissions.fromString("rw-------"));
        Path authorized = dir.resolve("authorized_keys");
        Files.write(authorized, authorizedKeys);
        this.port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.write(config, List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKeyFile,
                "AuthorizedKeysFile " + authorized,
                "PidFile " + dir.resolve("sshd.pid"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "StrictModes no",
                "LogLevel VERBOSE"));
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).start();
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.contains("Server listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "sshd-log");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(20, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("sshd did not start: " + log);
        }
    }

    static OpenSshServer start(Path dir, Ed25519Key hostKey, List<String> authorizedKeys) throws IOException, InterruptedException {
        return new OpenSshServer(dir, hostKey, authorizedKeys);
    }

    int port() {
        return port;
    }

    String log() {
        return log.toString();
    }

    Path dir() {
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static Duration connectTimeout() {
        return Duration.ofSeconds(10);
    }
}
