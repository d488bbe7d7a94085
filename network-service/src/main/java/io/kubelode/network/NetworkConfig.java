package io.kubelode.network;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the network-service: address plan, WireGuard mesh and routes on every node. */
@ConfigMapping(prefix = "kubelode.network")
public interface NetworkConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/network")
    String source();

    /**
     * kubelode's master secret (the provisioner's {@code KUBELODE_MASTER_SECRET}): SSH keys and
     * WireGuard keys are derived from it. Without it, {@link #masterSecretFile()} is read.
     */
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

    /** How long one node's script may run. */
    @WithDefault("PT3M")
    Duration scriptTimeout();

    /** Attempts per node when a node cannot be reached (a failing script is not retried). */
    @WithDefault("3")
    int attempts();

    /** First back-off between attempts; doubled each time, with jitter. */
    @WithDefault("PT2S")
    Duration backoff();

    /** How many nodes are worked on at once, across all clusters. */
    @WithDefault("32")
    int parallelNodes();
}
