package io.kubelode.k8s.plan.kubeadm;

import java.util.List;

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
    /** The API server port on every control plane ({@code localAPIEndpoint.bindPort}, kubeadm's default). */
    public static final int API_PORT = 6443;
    /**
     * The port of the local load balancer in every container, which {@code controlPlaneEndpoint}
     * names. Not {@link #API_PORT}: kubeadm's {@code Port-6443} preflight binds {@code :6443} on
     * every address before init and every control-plane join, which fails while a balancer
     * listens on 6443 of any address (kubeadm's ha-considerations: a balancer on the control-plane
     * hosts listens on a port of its own). Nor any other port kubeadm's preflight checks
     * ({@link #PREFLIGHT_PORTS}).
     */
    public static final int BALANCER_PORT = 7443;
    /**
     * The ports kubeadm's preflight ({@code cmd/kubeadm/app/preflight/checks.go}) requires free on
     * every address of a control plane: {@code Port-6443} (bindPort), {@code Port-10259}
     * (scheduler), {@code Port-10257} (controller manager), {@code Port-2379} and
     * {@code Port-2380} (stacked etcd) in {@code InitNodeChecks}, and {@code Port-10250} (kubelet)
     * in {@code addCommonChecks}, which a worker's join runs too.
     */
    public static final List<Integer> PREFLIGHT_PORTS = List.of(API_PORT, 10259, 10257, 2379,
            2380, 10250);

    /** The etcd peer URL of a stacked member (kubeadm's {@code etcdutil.GetPeerURL}): its member id in etcd. */
    public static String etcdPeerUrl(String masterAddress) {
        return "https://" + masterAddress + ":2380";
    }

    private Kubeadm() {
    }
}
