package io.kubelode.apps.kube;

import java.util.Optional;

/**
 * The admin kubeconfig of a cluster, a secret that never travels over Kafka. The k8s layer owns
 * it and hands it over sealed ({@link SealedKubeconfigSource}).
 */
public interface KubeconfigSource {

    /**
     * The kubeconfig YAML of the cluster, or empty when kubelode has none (the cluster never joined).
     *
     * @throws Unreadable when there is one but it cannot be opened (another seal key, tampering)
     */
    Optional<String> kubeconfig(String clusterId);

    /** Where the cluster's kubeconfig is looked for, for messages. */
    String location(String clusterId);

    /** A kubeconfig exists but cannot be opened: permanent until the configuration is fixed. */
    final class Unreadable extends RuntimeException {
        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
