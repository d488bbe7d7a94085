package io.kubelode.k8s.plan.kubeadm;

/** Constants shared by the kubeadm documents and the scripts that place files for them. */
public final class Kubeadm {
    /** The kubeadm configuration API kubelode renders (kubeadm 1.31 and later). */
    public static final String API_VERSION = "kubeadm.k8s.io/v1beta4";
    /** Where kubeadm keeps the PKI, and where kubelode places the CAs it minted. */
    public static final String CERTIFICATES_DIR = "/etc/kubernetes/pki";
    /** Where kubelode writes the per-node static Pod patches. */
    public static final String PATCHES_DIR = "/etc/kubernetes/kubelode-patches";
    /** containerd's CRI socket. */
    public static final String CRI_SOCKET = "unix:///run/containerd/containerd.sock";
    /** The API server port, on every control plane and on every local load balancer. */
    public static final int API_PORT = 6443;

    private Kubeadm() {
    }
}
