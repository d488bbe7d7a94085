package io.kubelode.k8s;

import io.kubelode.k8s.plan.scripts.PackageSource;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the k8s-service: HA control plane with stacked etcd, workers joined. */
@ConfigMapping(prefix = "kubelode.k8s")
public interface K8sConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/k8s")
    String source();

    /**
     * Base64 of the 32-byte AES key that seals every cluster's PKI at rest
     * ({@code KUBELODE_K8S_SEAL_KEY}, e.g. from {@code openssl rand -base64 32}). Required.
     */
    Optional<String> sealKey();

    /** Where the sealed PKI bundles are kept (one file per cluster; a volume in production). */
    @WithDefault("${user.home}/.kubelode/k8s-secrets")
    Path secretsDir();

    /**
     * Where the cluster's sealed admin kubeconfig ({@code <clusterId>.kubeconfig.sealed}) is handed to
     * the apps layer and the gateway: a directory the three services share (a volume), sealed with
     * {@link #sealKey()}. {@code KUBELODE_KUBECONFIG_DIR} sets it for every service at once.
     */
    @WithDefault("${KUBELODE_KUBECONFIG_DIR:${user.home}/.kubelode/kubeconfigs}")
    Path kubeconfigDir();

    /** kubelode's master secret (the provisioner's {@code KUBELODE_MASTER_SECRET}), for the derived SSH keys. */
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

    /** How long one script may run (package installs and kubeadm take minutes). */
    @WithDefault("PT15M")
    Duration scriptTimeout();

    /** Attempts of a script when its node cannot be reached (a script that failed is not retried). */
    @WithDefault("3")
    int attempts();

    /** First back-off between attempts; doubled each time, with jitter. */
    @WithDefault("PT2S")
    Duration backoff();

    /** Lifetime of a bootstrap token kubelode mints. */
    @WithDefault("PT2H")
    Duration tokenTtl();

    /** A token expiring sooner than this is re-minted before it is used. */
    @WithDefault("PT30M")
    Duration tokenRenewBefore();

    /**
     * The containerd every container installs, as an apt pin {@code <package>=<version pattern>}
     * ({@code KUBELODE_K8S_CONTAINERD_VERSION}): by default containerd's 2.3 series (its long-term
     * release, recommended for Kubernetes 1.35 and 1.36) built by Docker, from Docker's apt
     * repository; {@code containerd=<version>} (or a bare version) is Debian's package instead, for
     * machines that reach only Debian's archive. Debian 12's 1.6.20 is below what Kubernetes 1.35+
     * needs. See k8s-service/README.md, "containerd".
     */
    @WithDefault(PackageSource.CONTAINERD)
    String containerdVersion();

    /**
     * The flat apt repository of kubelet, kubeadm and kubectl; {@code {minor}} stands for the
     * cluster's minor version. Kubernetes' own on Linode; the sandbox's stand-in packages when its
     * machines are real ({@code KUBELODE_K8S_REPOSITORY}).
     */
    @WithDefault(PackageSource.UPSTREAM)
    String kubernetesRepository();

    /** How long every node may take to be Ready after the joins. */
    @WithDefault("PT10M")
    Duration readyTimeout();

    /** Longest pause between reads of the API while waiting for Ready (the first is 100 ms, doubling). */
    @WithDefault("PT5S")
    Duration readyPoll();

    /** Timeout of one Kubernetes API request. */
    @WithDefault("PT10S")
    Duration apiTimeout();

    /** How long the service waits for the nodes' NodeProvisioned and LxcReady to be in its view. */
    @WithDefault("PT30S")
    Duration viewTimeout();
}
