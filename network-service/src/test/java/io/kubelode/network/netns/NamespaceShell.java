package io.kubelode.network.netns;

import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A "node" that is a network namespace: scripts run with {@code ip netns exec <ns> bash -s}, the
 * script on stdin as over SSH. The namespaces share this host's file system, so each node gets its
 * own {@code /run/wireguard} (wireguard-go's control sockets) and {@code /run/kubelode}, bind-mounted
 * in the mount namespace {@code ip netns exec} creates anyway, as if each were its own machine.
 * They are no machines of their own: nothing is saved for a boot ({@code KUBELODE_BOOT_UNIT=off}).
 */
public final class NamespaceShell implements NodeShell {
    private final String namespace;
    private final Path runWireguard;
    private final Path runKubelode;

    public NamespaceShell(String namespace, Path stateRoot) {
        this.namespace = namespace;
        this.runWireguard = stateRoot.resolve(namespace).resolve("wireguard");
        this.runKubelode = stateRoot.resolve(namespace).resolve("kubelode");
        try {
            Files.createDirectories(runWireguard);
            Files.createDirectories(runKubelode);
            Files.createDirectories(Path.of("/run/wireguard"));
            Files.createDirectories(Path.of("/run/kubelode"));
        } catch (IOException e) {
            throw new ShellException("cannot prepare " + namespace, e);
        }
    }

    @Override
    public CommandResult run(String script, Duration timeout) {
        String enter = "mount --bind " + runWireguard + " /run/wireguard && mount --bind " + runKubelode
                + " /run/kubelode && KUBELODE_BOOT_UNIT=off exec bash -s";
        try {
            Path out = Files.createTempFile("nsshell-", ".out");
            Path err = Files.createTempFile("nsshell-", ".err");
            try {
                Process p = new ProcessBuilder(List.of("ip", "netns", "exec", namespace, "bash", "-c", enter))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(script.getBytes(StandardCharsets.UTF_8));
                }
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new ShellException(target() + ": no answer within " + timeout);
                }
                return new CommandResult(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new ShellException(target() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShellException(target() + ": interrupted", e);
        }
    }

    @Override
    public String target() {
        return "netns:" + namespace;
    }

    @Override
    public void close() {
        // nothing held between scripts
    }
}
