package io.kubelode.k8s.plan.kubeadm;

import java.util.List;

/** {@code kubeadm.k8s.io/v1beta4 JoinConfiguration}: a control plane or a worker joining. */
public record JoinConfiguration(String apiVersion, String kind, Discovery discovery, NodeRegistration nodeRegistration,
                                ControlPlane controlPlane, List<String> skipPhases, Patches patches) {

    public static JoinConfiguration of(Discovery discovery, NodeRegistration node, ControlPlane controlPlane,
                                       Patches patches) {
        return new JoinConfiguration(Kubeadm.API_VERSION, "JoinConfiguration", discovery, node, controlPlane, null,
                patches);
    }

    /** Token discovery with CA pinning. */
    public record Discovery(BootstrapTokenDiscovery bootstrapToken) {
    }

    /** The endpoint to discover the cluster through, the token, and the CA pins. */
    public record BootstrapTokenDiscovery(String apiServerEndpoint, String token, List<String> caCertHashes) {
        @Override
        public String toString() {
            return "BootstrapTokenDiscovery[" + apiServerEndpoint + ", token=<sealed>]";
        }
    }

    /**
     * Present for a control-plane join. No {@code certificateKey}: the shared CAs are delivered
     * by kubelode before the join, so nothing is downloaded from the {@code kubeadm-certs} Secret
     * (whose key expires after 2 h, which would break a re-run).
     */
    public record ControlPlane(ApiEndpoint localAPIEndpoint) {
    }
}
