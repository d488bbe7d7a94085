package io.kubelode.k8s.plan.kubeadm;

import java.util.List;

/** {@code kubeadm.k8s.io/v1beta4 ClusterConfiguration}: cluster-wide, stored by kubeadm in the cluster. */
public record ClusterConfiguration(String apiVersion, String kind, String clusterName, String kubernetesVersion,
                                   String controlPlaneEndpoint, String certificatesDir, String imageRepository,
                                   String encryptionAlgorithm, Networking networking, ControlPlaneComponent apiServer,
                                   ControlPlaneComponent controllerManager, Etcd etcd) {

    public static ClusterConfiguration of(String clusterName, String kubernetesVersion, String controlPlaneEndpoint,
                                          Networking networking, ControlPlaneComponent apiServer,
                                          ControlPlaneComponent controllerManager, Etcd etcd) {
        return new ClusterConfiguration(Kubeadm.API_VERSION, "ClusterConfiguration", clusterName, kubernetesVersion,
                controlPlaneEndpoint, Kubeadm.CERTIFICATES_DIR, "registry.k8s.io", "ECDSA-P256", networking,
                apiServer, controllerManager, etcd);
    }

    /** Pod and service ranges. */
    public record Networking(String podSubnet, String serviceSubnet, String dnsDomain) {
    }

    /** Extra arguments (and, for the API server, extra serving-certificate names). */
    public record ControlPlaneComponent(List<Arg> extraArgs, List<String> certSANs) {
    }

    /** Stacked etcd: one local member per control plane. */
    public record Etcd(Local local) {
        /** The local member's data directory. */
        public record Local(String dataDir) {
        }
    }
}
