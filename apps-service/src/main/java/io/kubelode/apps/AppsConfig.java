package io.kubelode.apps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the apps-service: the person's applications with clean URLs. */
@ConfigMapping(prefix = "kubelode.apps")
public interface AppsConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/apps")
    String source();

    /** How long each app (and the platform) may take to become ready before the deploy fails. */
    @WithDefault("PT10M")
    Duration readyTimeout();

    /** How long a ClusterJoined waits for the cluster's spec to reach this service's view of the gateway topic. */
    @WithDefault("PT1M")
    Duration specWait();

    /** How long teardown waits for the node-local volumes to be removed before removing their provisioner. */
    @WithDefault("PT3M")
    Duration volumesTimeout();

    /**
     * Directory holding {@code <clusterId>.kubeconfig.sealed}, the admin kubeconfig the k8s layer
     * writes before it publishes ClusterJoined (never sent over Kafka): the directory the k8s layer,
     * this service and the gateway share. {@code KUBELODE_KUBECONFIG_DIR} sets it for every service.
     */
    @WithDefault("${KUBELODE_KUBECONFIG_DIR:${user.home}/.kubelode/kubeconfigs}")
    Path kubeconfigDir();

    /**
     * Base64 of the 32-byte AES key the kubeconfigs are sealed with: the k8s layer's
     * {@code KUBELODE_K8S_SEAL_KEY}. Required.
     */
    Optional<String> sealKey();

    /** The git repository the Hugo blog is built from. */
    @WithDefault("https://github.com/gohugoio/hugoBasicExample.git")
    String blogRepository();

    /**
     * Attempts per API call on transient errors (no answer, timeouts, 408, 409, 429, 5xx): the only retry
     * (the client's own is off). Six attempts, 0.5 s apart doubling, outlast an API that stops answering
     * for 15 s.
     */
    @WithDefault("6")
    int apiAttempts();

    /** First retry delay of an API call; doubles up to 16 times this. */
    @WithDefault("PT0.5S")
    Duration apiRetry();

    /**
     * First readiness poll interval; doubles up to {@link #pollMax()}. Short, because a workload that
     * is ready a moment after it was applied should not cost half a second (BENCHMARKS.md).
     */
    @WithDefault("PT0.1S")
    Duration pollFirst();

    /** Longest readiness poll interval. */
    @WithDefault("PT5S")
    Duration pollMax();

    /** Threads for per-cluster work and per-app readiness waits. */
    @WithDefault("8")
    int workers();
}
