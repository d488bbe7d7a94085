package io.kubelode.sandbox.ssh;

import io.kubelode.sandbox.SandboxConfig;
import io.kubelode.sandbox.cloud.Instance;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.jboss.logging.Logger;

/**
 * One Apache MINA SSH server per running instance, on the instance's own loopback address:
 * its pinned host key, public-key auth for root with the create request's authorized keys only,
 * exec requests only (no shell, no forwarding, no password).
 */
@ApplicationScoped
public class SshServers {
    private static final Logger LOG = Logger.getLogger(SshServers.class);

    private final int port;
    private final CommandLog commands;
    private final Map<Long, SshServer> servers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-ssh-command");
        t.setDaemon(true);
        return t;
    });

    public SshServers(SandboxConfig config, CommandLog commands) {
        this.port = config.network().sshPort();
        this.commands = commands;
    }

    public int port() {
        return port;
    }

    /** Starts the instance's SSH server (no-op if it runs). */
    public void start(Instance instance) {
        servers.computeIfAbsent(instance.id(), id -> {
            SshServer server = build(instance);
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + instance.publicIpv4().getHostAddress() + ":" + port, e);
            }
            LOG.debugf("instance %s: sshd on %s:%d", (Object) id, instance.publicIpv4().getHostAddress(), port);
            return server;
        });
    }

    /** Stops the instance's SSH server, closing its sessions (no-op if none runs). */
    public void stop(long instanceId) {
        SshServer server = servers.remove(instanceId);
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                LOG.warnf("instance %d: sshd did not stop cleanly: %s", instanceId, e.getMessage());
            }
        }
    }

    public boolean running(long instanceId) {
        return servers.containsKey(instanceId);
    }

    @PreDestroy
    void stopAll() {
        List.copyOf(servers.keySet()).forEach(this::stop);
        executor.shutdownNow();
    }

    private SshServer build(Instance instance) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(instance.publicIpv4().getHostAddress());
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(instance.hostKey()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> "root".equals(user)
                && instance.authorizedKeys().stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        server.setShellFactory(null);
        server.setCommandFactory((channel, command) ->
                new ScriptCommand(instance, command, commands, executor));
        return server;
    }
}
