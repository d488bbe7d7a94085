package io.kubelode.k8s.plan;

import io.kubelode.k8s.plan.kubeadm.ApiEndpoint;
import io.kubelode.k8s.plan.kubeadm.Arg;
import io.kubelode.k8s.plan.kubeadm.BootstrapTokenSpec;
import io.kubelode.k8s.plan.kubeadm.ClusterConfiguration;
import io.kubelode.k8s.plan.kubeadm.ClusterConfiguration.ControlPlaneComponent;
import io.kubelode.k8s.plan.kubeadm.ClusterConfiguration.Etcd;
import io.kubelode.k8s.plan.kubeadm.ClusterConfiguration.Networking;
import io.kubelode.k8s.plan.kubeadm.InitConfiguration;
import io.kubelode.k8s.plan.kubeadm.JoinConfiguration;
import io.kubelode.k8s.plan.kubeadm.JoinConfiguration.BootstrapTokenDiscovery;
import io.kubelode.k8s.plan.kubeadm.JoinConfiguration.ControlPlane;
import io.kubelode.k8s.plan.kubeadm.JoinConfiguration.Discovery;
import io.kubelode.k8s.plan.kubeadm.JsonPatchOperation;
import io.kubelode.k8s.plan.kubeadm.Kubeadm;
import io.kubelode.k8s.plan.kubeadm.KubeProxyConfiguration;
import io.kubelode.k8s.plan.kubeadm.KubeletConfiguration;
import io.kubelode.k8s.plan.kubeadm.NodeRegistration;
import io.kubelode.k8s.plan.kubeadm.Patches;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubeadm documents of a cluster, as typed objects: pure, no I/O. The rendered YAML carries
 * the join secrets, so it only ever travels on a script's standard input.
 */
public final class KubeadmPlanner {
    /** kubeadm preflight checks that cannot pass in an unprivileged 1 GB container. */
    public static final List<String> IGNORED_PREFLIGHT = List.of("NumCPU", "Mem", "Swap", "SystemVerification",
            "FileContent--proc-sys-net-bridge-bridge-nf-call-iptables");
    /** The certificate phases whose files kubelode placed already (minted up front). */
    public static final List<String> SKIPPED_INIT_PHASES = List.of("certs/ca", "certs/etcd-ca",
            "certs/front-proxy-ca", "certs/sa", "certs/apiserver");
    private static final String DNS_DOMAIN = "cluster.local";
    private static final Patches PATCHES = new Patches(Kubeadm.PATCHES_DIR);

    private final ClusterLayout layout;
    private final JoinSecrets secrets;

    public KubeadmPlanner(ClusterLayout layout, JoinSecrets secrets) {
        this.layout = layout;
        this.secrets = secrets;
    }

    /** The documents {@code kubeadm init --config} reads on the first control plane. */
    public List<Object> initDocuments() {
        ClusterNode first = layout.first();
        String expires = DateTimeFormatter.ISO_INSTANT.format(secrets.tokenExpires().truncatedTo(ChronoUnit.SECONDS)
                .atOffset(ZoneOffset.UTC));
        BootstrapTokenSpec token = new BootstrapTokenSpec(secrets.token(), "kubelode join token", expires,
                List.of("signing", "authentication"), List.of("system:bootstrappers:kubeadm:default-node-token"));
        InitConfiguration init = InitConfiguration.of(List.of(token),
                registration(first.masterName(), first.masterAddress(), null),
                new ApiEndpoint(first.masterAddress(), Kubeadm.API_PORT), secrets.certificateKey(), SKIPPED_INIT_PHASES, PATCHES);
        return List.of(init, clusterConfiguration(), kubelet(), kubeProxy());
    }

    /** The cluster-wide configuration; kubeadm stores it in the {@code kubeadm-config} ConfigMap. */
    public ClusterConfiguration clusterConfiguration() {
        var plan = layout.plan();
        return ClusterConfiguration.of(layout.clusterId(), "v" + layout.kubernetesVersion(),
                layout.controlPlaneEndpoint(), new Networking(plan.clusterCidr(), plan.serviceCidr(), DNS_DOMAIN),
                new ControlPlaneComponent(null, certSans()),
                // pod ranges come from the address plan (CNI host-local per container), not from the controller
                new ControlPlaneComponent(List.of(new Arg("allocate-node-cidrs", "false")), null),
                new Etcd(new Etcd.Local("/var/lib/etcd")));
    }

    /** Kubelet settings for an unprivileged container, shared by every node. */
    public KubeletConfiguration kubelet() {
        return KubeletConfiguration.forUserNamespace(layout.plan().clusterDnsAddress(), DNS_DOMAIN);
    }

    /** kube-proxy settings for an unprivileged container. */
    public KubeProxyConfiguration kubeProxy() {
        return KubeProxyConfiguration.forUserNamespace(layout.plan().clusterCidr());
    }

    /** {@code kubeadm join --config} for node {@code n}'s control plane (n ≥ 2). */
    public JoinConfiguration controlPlaneJoin(int n) {
        ClusterNode node = layout.node(n);
        return JoinConfiguration.of(discovery(), registration(node.masterName(), node.masterAddress(), null),
                new ControlPlane(new ApiEndpoint(node.masterAddress(), Kubeadm.API_PORT)), PATCHES);
    }

    /** {@code kubeadm join --config} for node {@code n}'s worker. */
    public JoinConfiguration workerJoin(int n) {
        ClusterNode node = layout.node(n);
        return JoinConfiguration.of(discovery(), registration(node.workerName(), node.workerAddress(), List.of()),
                null, null);
    }

    /**
     * The API server binds its container address only: the address the balancers, the other
     * control planes and kubelode's forward from the public address dial. (The balancer in the same
     * container listens on another port, {@code 127.0.0.1:7443}, so neither claims the other's
     * socket and kubeadm's {@code Port-6443} preflight finds 6443 free.)
     */
    public List<JsonPatchOperation> apiServerPatch(int n) {
        return List.of(new JsonPatchOperation("add", "/spec/containers/0/command/-",
                "--bind-address=" + layout.node(n).masterAddress()));
    }

    private List<String> certSans() {
        List<String> sans = new ArrayList<>(layout.subjectAltNames().dnsNames());
        sans.addAll(layout.subjectAltNames().ipAddresses());
        return sans;
    }

    private Discovery discovery() {
        return new Discovery(new BootstrapTokenDiscovery(layout.controlPlaneEndpoint(), secrets.token(),
                List.of(secrets.caCertHash())));
    }

    private static NodeRegistration registration(String name, String address, List<NodeRegistration.Taint> taints) {
        return new NodeRegistration(name, Kubeadm.CRI_SOCKET, List.of(new Arg("node-ip", address)),
                IGNORED_PREFLIGHT, taints);
    }
}
