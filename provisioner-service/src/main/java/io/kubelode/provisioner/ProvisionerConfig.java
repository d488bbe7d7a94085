package io.kubelode.provisioner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the provisioner-service: creates Linode instances in parallel and applies the base role over SSH. */
@ConfigMapping(prefix = "kubelode.provisioner")
public interface ProvisionerConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/provisioner")
    String source();

    /** Base URL of Linode API v4: {@code https://api.linode.com/v4}, or the sandbox (the default). */
    @WithDefault("http://127.0.0.1:8090/v4")
    URI linodeUrl();

    /** Personal access token (set {@code LINODE_TOKEN}); never logged, never on Kafka. */
    String linodeToken();

    /** Timeout of one Linode API request (connect and response). */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Instance creates per {@link #createWindow()} for this token (Linode allows few per 15 s). */
    @WithDefault("5")
    int createLimit();

    /** The window of {@link #createLimit()}, with a margin for network delay. */
    @WithDefault("16s")
    Duration createWindow();

    /** API requests of any kind per {@link #requestWindow()} (Linode's default budget is 800 a minute). */
    @WithDefault("700")
    int requestLimit();

    /** The window of {@link #requestLimit()}. */
    @WithDefault("60s")
    Duration requestWindow();

    /** Attempts per API call for transient failures (408, 5xx, busy, timeouts); 429s are waited out apart. */
    @WithDefault("12")
    int maxAttempts();

    /** First back-off delay; doubles per attempt, with jitter. */
    @WithDefault("500ms")
    Duration backoffBase();

    /** Cap of the back-off delay. */
    @WithDefault("20s")
    Duration backoffMax();

    /** How long an instance may take to reach {@code running}. */
    @WithDefault("10m")
    Duration bootTimeout();

    /**
     * Longest pause between two status checks while waiting for {@code running} (pauses double from
     * 250 ms up to this); every check still passes the shared request limiter.
     */
    @WithDefault("2s")
    Duration bootPollMax();

    /** SSH connect and key-exchange timeout. */
    @WithDefault("15s")
    Duration sshConnectTimeout();

    /** How long after {@code running} sshd may take to answer with the pinned host key. */
    @WithDefault("5m")
    Duration sshReadyTimeout();

    /** Timeout of the base role script (package installs included). */
    @WithDefault("20m")
    Duration baseRoleTimeout();

    /** SSH port of the instances. */
    @WithDefault("22")
    int sshPort();

    /** SSH login user of the instances (Linode installs authorized_keys for root). */
    @WithDefault("root")
    String sshUser();

    /**
     * Master secret the per-cluster SSH keys are derived from (HKDF); set {@code KUBELODE_MASTER_SECRET}
     * (at least 16 bytes). Without it, {@link #masterSecretFile()} is read, or created once.
     */
    Optional<String> masterSecret();

    /** File holding the master secret when {@link #masterSecret()} is not set; created with mode 600. */
    @WithDefault("${user.home}/.kubelode/provisioner-master.secret")
    Path masterSecretFile();

    /** Threads doing blocking per-node work (API calls with back-off, SSH). */
    @WithDefault("32")
    int nodeThreads();

    /** Day two: the watch over Ready clusters' nodes ({@code NodeWatch}). */
    Watch watch();

    interface Watch {
        /** Whether the watch runs (a provisioner replica may leave it to another). */
        @WithDefault("true")
        boolean enabled();

        /** Pause between two rounds (one account-events read and one status read per watched node). */
        @WithDefault("10s")
        Duration interval();

        /**
         * How long a node may stay offline or unreachable from outside before it is replaced. A reboot
         * takes a minute or two; Linode's maintenance migrations can take longer.
         */
        @WithDefault("15m")
        Duration replaceAfter();
    }
}
