package io.kubelode.apps.kube;

import java.util.Optional;

/**
 * The admin kubeconfig of a cluster, a secret that never travels over Kafka. The k8s layer owns
 * it; {@link FileKubeconfigSource} reads it from a directory until the lead wires the k8s layer's
 * store.
 */
public interface KubeconfigSource {

    /** The kubeconfig YAML of the cluster, or empty when kubelode has none (the cluster never joined). */
    Optional<String> kubeconfig(String clusterId);
}
