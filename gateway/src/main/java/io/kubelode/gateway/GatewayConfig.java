package io.kubelode.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the gateway: the cluster API: accepts cluster specs, publishes requests, streams progress. */
@ConfigMapping(prefix = "kubelode.gateway")
public interface GatewayConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/gateway")
    String source();

    /** Largest request body the API reads, in bytes; larger ones get a 413 problem. */
    @WithDefault("65536")
    int maxBodySize();

    /**
     * How long live events are held to enter a cluster's history in canonical order (producer
     * time, topic, offset), so a replay after a restart builds the same history.
     */
    @WithDefault("PT0.1S")
    Duration reorderWindow();

    /**
     * API tokens, comma separated, each {@code <name>:<hex SHA-256 of the token>:<roles>} with
     * roles {@code admin} and/or {@code reader} joined by {@code +}; the token itself is never
     * configured. At least one is required; none is configured in {@code %prod} (set
     * {@code KUBELODE_GATEWAY_TOKENS}).
     */
    Optional<List<String>> tokens();

    /**
     * Where the k8s layer hands over each cluster's sealed admin kubeconfig
     * ({@code <clusterId>.kubeconfig.sealed}), served by {@code GET /clusters/{id}/kubeconfig}: the
     * directory the k8s layer, the apps layer and the gateway share (a volume).
     * {@code KUBELODE_KUBECONFIG_DIR} sets it for every service at once.
     */
    @WithDefault("${KUBELODE_KUBECONFIG_DIR:${user.home}/.kubelode/kubeconfigs}")
    Path kubeconfigDir();

    /**
     * Base64 of the 32-byte AES key the kubeconfigs are sealed with: the k8s layer's
     * {@code KUBELODE_K8S_SEAL_KEY}. Required; none is configured in {@code %prod}.
     */
    Optional<String> sealKey();

    /**
     * Linode API v4 the plan is checked against before anything is created (region capabilities,
     * image capabilities, types, memory and prices): {@code https://api.linode.com/v4}, or the
     * sandbox. Unset: the gateway checks nothing (the dry run says so and prices nothing) and the
     * provisioner's own preflight, before its first create, is the only check.
     */
    Optional<URI> linodeUrl();

    /**
     * Linode token for those reads (set {@code LINODE_TOKEN}); regions, types and public images need
     * none, private images do. Sent only in the Authorization header, never logged, never on Kafka.
     */
    Optional<String> linodeToken();

    /** Timeout of one request to the Linode API. */
    @WithDefault("10s")
    Duration linodeTimeout();

    /** How long regions, images and types read from Linode are reused before they are read again. */
    @WithDefault("5m")
    Duration linodeCacheTtl();

    /** Where the gateway tells a person about node repairs ({@code kubelode.gateway.webhook.*}). */
    Webhook webhook();

    /**
     * The optional repair webhook: a JSON POST for every NodeRepairStarted, NodeRepaired and
     * NodeRepairFailed, and for every event that makes a cluster Degraded (see {@code RepairWebhook}).
     */
    interface Webhook {
        /**
         * The URL to POST to ({@code http} or {@code https}); unset (the default): nothing is sent.
         * {@code KUBELODE_GATEWAY_WEBHOOK_URL}. It may hold a secret (Slack's and Discord's do): only its
         * scheme, host and port are ever logged.
         */
        Optional<URI> url();

        /** Timeout of one POST: connecting and the answer. */
        @WithDefault("5s")
        Duration timeout();

        /** POSTs per event at most, the first included (1 to 10); a failed one is tried again after a back-off. */
        @WithDefault("4")
        int attempts();

        /** The wait before the second attempt; it doubles before each one after. */
        @WithDefault("1s")
        Duration backoff();

        /**
         * Events read in the replay at start (the gateway restarted) are sent only when younger than this, so
         * a restart tells of a repair it missed without repeating every old one; live events are always sent.
         */
        @WithDefault("15m")
        Duration replayMaxAge();
    }
}
