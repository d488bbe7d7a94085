package io.kubelode.k8s.plan.kubeadm;

import java.util.List;

/** {@code kubeadm.k8s.io/v1beta4 InitConfiguration}: what only the first control plane needs. */
public record InitConfiguration(String apiVersion, String kind, List<BootstrapTokenSpec> bootstrapTokens,
                                NodeRegistration nodeRegistration, ApiEndpoint localAPIEndpoint,
                                String certificateKey, List<String> skipPhases, Patches patches) {

    public static InitConfiguration of(List<BootstrapTokenSpec> tokens, NodeRegistration node, ApiEndpoint endpoint,
                                       String certificateKey, List<String> skipPhases, Patches patches) {
        return new InitConfiguration(Kubeadm.API_VERSION, "InitConfiguration", tokens, node, endpoint,
                certificateKey, skipPhases, patches);
    }

    @Override
    public String toString() {
        return "InitConfiguration[" + nodeRegistration.name() + ", secrets=<sealed>]";
    }
}
