/**
 * Secrets at rest, shared between services without Kafka. {@link io.kubelode.support.secrets.Sealer}
 * (AES-256-GCM, key {@code KUBELODE_K8S_SEAL_KEY}) seals; {@link io.kubelode.support.secrets.SealedFiles}
 * keeps one sealed file per cluster and kind in a directory, written atomically;
 * {@link io.kubelode.support.secrets.KubeconfigStore} is the admin kubeconfig hand-over from the
 * k8s layer to the apps layer and the gateway (one directory on a volume the three share).
 */
package io.kubelode.support.secrets;
