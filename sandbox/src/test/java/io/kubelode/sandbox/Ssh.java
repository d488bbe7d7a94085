package io.kubelode.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/** A strict SSH client (MINA): pinned host key, one key identity, no password. */
public final class Ssh {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Ssh() {}

    public record Result(int exit, String stdout, String stderr) {}

    /** Runs {@code script} as {@code bash -s} on root@host:port. */
    public static Result bash(String host, int port, PublicKey pinnedHostKey, KeyPair identity, String script)
            throws Exception {
        return exec(host, port, pinnedHostKey, identity, "bash -s", script);
    }

    public static Result exec(String host, int port, PublicKey pinnedHostKey, KeyPair identity, String command,
                              String stdin) throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(pinnedHostKey, key));
        client.setPasswordIdentityProvider(null);
        client.start();
        try (ClientSession session = client.connect("root", host, port).verify(TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(TIMEOUT);
            try (ChannelExec channel = session.createExecChannel(command)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                channel.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                Integer exit = channel.getExitStatus();
                return new Result(exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        } finally {
            client.stop();
        }
    }

    /** One authenticated session to run many scripts over (each in its own exec channel, like NodeShell). */
    public static final class Connection implements AutoCloseable {
        private final SshClient client;
        private final ClientSession session;

        public Connection(String host, int port, PublicKey pinnedHostKey, KeyPair identity) throws Exception {
            client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier((s, address, key) -> KeyUtils.compareKeys(pinnedHostKey, key));
            client.setPasswordIdentityProvider(null);
            client.start();
            session = client.connect("root", host, port).verify(TIMEOUT).getSession();
            session.addPublicKeyIdentity(identity);
            session.auth().verify(TIMEOUT);
        }

        public Result bash(String script) throws Exception {
            try (ChannelExec channel = session.createExecChannel("bash -s")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                channel.setIn(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                Integer exit = channel.getExitStatus();
                return new Result(exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() throws Exception {
            try {
                session.close();
            } finally {
                client.stop();
            }
        }
    }
}
