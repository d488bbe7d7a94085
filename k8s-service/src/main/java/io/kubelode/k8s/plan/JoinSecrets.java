package io.kubelode.k8s.plan;

import java.time.Instant;

/**
 * The secrets the kubeadm documents carry. Secret: rendered documents travel only on a script's
 * standard input. {@link #toString()} shows none of it.
 *
 * @param token          {@code id.secret}
 * @param caCertHash     {@code sha256:<hex>} pin of the cluster CA
 * @param certificateKey hex key for {@code kubeadm-certs}
 */
public record JoinSecrets(String token, Instant tokenExpires, String caCertHash, String certificateKey) {
    @Override
    public String toString() {
        return "JoinSecrets[expires=" + tokenExpires + ", <sealed>]";
    }
}
