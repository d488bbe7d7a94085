package io.kubelode.lxc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the lxc-service: two unprivileged LXC system containers per node, each mapped to an id
 * range of its own.
 */
@ConfigMapping(prefix = "kubelode.lxc")
public interface LxcConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/lxc")
    String source();

    /** Nodes worked on at the same time by one instance of the service (each is one SSH session). */
    @WithDefault("16")
    int parallelNodes();

    /** How long a NodeProvisioned waits for its cluster's spec to appear in the view. */
    @WithDefault("PT2M")
    Duration specWait();

    /** Attempts of a node's step when it fails transiently (SSH unreachable), with capped back-off. */
    @WithDefault("4")
    int attempts();

    /** First back-off between attempts; doubled each time, at most one minute, with jitter. */
    @WithDefault("PT5S")
    Duration backoff();

    /** The master secret the cluster SSH keys derive from ({@code KUBELODE_MASTER_SECRET}); else the file. */
    Optional<String> masterSecret();

    /** The provisioner's master secret file, read when {@link #masterSecret()} is not set. */
    @WithDefault("${user.home}/.kubelode/provisioner-master.secret")
    Path masterSecretFile();

    /** The user kubelode logs in as on every node. */
    @WithDefault("root")
    String sshUser();

    /** How long to wait for an SSH connection. */
    @WithDefault("PT15S")
    Duration connectTimeout();
}
