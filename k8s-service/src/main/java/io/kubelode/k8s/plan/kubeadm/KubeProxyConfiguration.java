package io.kubelode.k8s.plan.kubeadm;

/**
 * {@code kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration}. In a user namespace the
 * conntrack sysctls are read-only: zero values make kube-proxy leave them alone (as rootless kind does).
 */
public record KubeProxyConfiguration(String apiVersion, String kind, String mode, String clusterCIDR,
                                     Conntrack conntrack) {

    public static KubeProxyConfiguration forUserNamespace(String clusterCidr) {
        return new KubeProxyConfiguration("kubeproxy.config.k8s.io/v1alpha1", "KubeProxyConfiguration", "iptables",
                clusterCidr, new Conntrack(0, "0s", "0s"));
    }

    /** {@code maxPerCore: 0} skips {@code nf_conntrack_max}; {@code 0s} timeouts skip their sysctls. */
    public record Conntrack(Integer maxPerCore, String tcpEstablishedTimeout, String tcpCloseWaitTimeout) {
    }
}
