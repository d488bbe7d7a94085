package io.kubelode.nodeshell.ssh;

import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;

/**
 * {@link NodeShell} over SSH with sshj: public-key authentication only, the host key pinned in
 * the {@link SshTarget}, a connect timeout, and a per-command timeout. One SSH connection is
 * opened on first use and reused; each script runs in its own session as {@code bash -s} with
 * the script on standard input. After a timeout the connection is dropped (and reopened on
 * the next run), so a hung command cannot block later ones.
 */
public final class SshNodeShell implements NodeShell {
    /** At most this much of each output stream is kept; the rest is counted and dropped. */
    static final int MAX_OUTPUT_BYTES = 1 << 20;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-pump-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final SshTarget target;
    private final Duration connectTimeout;
    private SSHClient client;

    public SshNodeShell(SshTarget target, Duration connectTimeout) {
        this.target = target;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public CommandResult run(String script, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SSHClient ssh = connected();
        try {
            Session session = ssh.startSession();
            Session.Command cmd = session.exec("bash -s");
            CompletableFuture<Void> stdin = CompletableFuture.runAsync(() -> send(cmd.getOutputStream(), script), PUMPS);
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(cmd.getInputStream()), PUMPS);
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(cmd.getErrorStream()), PUMPS);
            String out = stdout.get(remaining(deadline), TimeUnit.NANOSECONDS);
            String err = stderr.get(remaining(deadline), TimeUnit.NANOSECONDS);
            cmd.join(remaining(deadline), TimeUnit.NANOSECONDS);
            stdin.cancel(true);
            Integer status = cmd.getExitStatus();
            session.close();
            if (status == null) {
                String signal = cmd.getExitSignal() == null ? "no exit status" : "signal " + cmd.getExitSignal();
                return new CommandResult(255, out, err + "\n" + signal);
            }
            return new CommandResult(status, out, err);
        } catch (TimeoutException e) {
            // Dropping the connection is what ends a hung channel at once; a polite channel close waits for the peer.
            disconnect();
            throw new ShellException("script on " + target() + " timed out after " + timeout);
        } catch (net.schmizz.sshj.connection.ConnectionException e) {
            if (System.nanoTime() >= deadline) {
                disconnect();
                throw new ShellException("script on " + target() + " timed out after " + timeout);
            }
            if (e.getCause() instanceof TimeoutException) {
                // sshj's own wait (e.g. for the peer to confirm a new channel) ran out, long before the script's
                disconnect();
                throw new ShellException("SSH channel to " + target() + " not answered in time: " + e.getMessage(), e);
            }
            disconnect();
            throw new ShellException("SSH channel to " + target() + " failed: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            disconnect();
            throw new ShellException("SSH I/O with " + target() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            disconnect();
            throw new ShellException("SSH session to " + target() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnect();
            throw new ShellException("interrupted while running a script on " + target(), e);
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        return left;
    }

    private synchronized SSHClient connected() {
        if (client != null && client.isConnected() && client.isAuthenticated()) {
            return client;
        }
        disconnect();
        SSHClient ssh = new SSHClient(new DefaultConfig());
        ssh.addHostKeyVerifier(new PinnedHostKeyVerifier(target.hostKey()));
        int millis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        ssh.setConnectTimeout(millis);
        ssh.getTransport().setTimeoutMs(millis);
        try {
            ssh.connect(target.host(), target.port());
            ssh.authPublickey(target.user(), new KeyPairWrapper(target.clientKey()));
            ssh.getConnection().getKeepAlive().setKeepAliveInterval(15);
        } catch (UserAuthException e) {
            close(ssh);
            throw new ShellException("SSH key authentication as " + target.user() + " on " + target() + " was refused", e);
        } catch (TransportException e) {
            close(ssh);
            throw new ShellException("SSH transport to " + target() + " failed (pinned host key "
                    + target.hostKeyFingerprint() + "): " + e.getMessage(), e);
        } catch (IOException e) {
            close(ssh);
            throw new ShellException("cannot connect to " + target() + ": " + e.getMessage(), e);
        }
        client = ssh;
        return ssh;
    }

    private static void send(OutputStream in, String script) {
        try (in) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // The script may exit before reading all of its input; its exit status tells the outcome.
        }
    }

    private static String drain(InputStream in) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long dropped = 0;
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                int keep = Math.min(n, MAX_OUTPUT_BYTES - kept.size());
                kept.write(buf, 0, keep);
                dropped += n - keep;
            }
        } catch (IOException e) {
            throw new ShellException("reading command output failed: " + e.getMessage(), e);
        }
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text : text + "\n[" + dropped + " bytes dropped]";
    }

    private synchronized void disconnect() {
        if (client != null) {
            close(client);
            client = null;
        }
    }

    private static void close(SSHClient ssh) {
        try {
            ssh.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
    }

    @Override
    public String target() {
        return target.address();
    }

    @Override
    public void close() {
        disconnect();
    }
}
