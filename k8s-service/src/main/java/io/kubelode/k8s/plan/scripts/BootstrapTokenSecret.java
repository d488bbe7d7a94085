package io.kubelode.k8s.plan.scripts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/** The {@code bootstrap-token-<id>} Secret kubeadm creates for a token, as a typed manifest. */
public record BootstrapTokenSecret(String apiVersion, String kind, Map<String, String> metadata, String type,
                                   @JsonProperty("stringData") Map<String, String> stringData) {

    public static BootstrapTokenSecret of(String id, String secret, Instant expires) {
        Map<String, String> data = new TreeMap<>();
        data.put("description", "kubelode join token");
        data.put("token-id", id);
        data.put("token-secret", secret);
        data.put("expiration", expires.truncatedTo(ChronoUnit.SECONDS).toString());
        data.put("usage-bootstrap-authentication", "true");
        data.put("usage-bootstrap-signing", "true");
        data.put("auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token");
        return new BootstrapTokenSecret("v1", "Secret", new TreeMap<>(Map.of("name", "bootstrap-token-" + id,
                "namespace", "kube-system")), "bootstrap.kubernetes.io/token", data);
    }

    @Override
    public String toString() {
        return "BootstrapTokenSecret[" + metadata.get("name") + ", <sealed>]";
    }
}
