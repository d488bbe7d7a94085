package io.kubelode.k8s.plan.scripts;

import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.ClusterNode;
import io.kubelode.k8s.plan.CniConfig;
import io.kubelode.k8s.plan.JoinSecrets;
import io.kubelode.k8s.plan.KubeadmPlanner;
import io.kubelode.k8s.plan.LocalApiBalancer;
import io.kubelode.k8s.plan.Yaml;
import io.kubelode.k8s.plan.kubeadm.Kubeadm;

/**
 * Every script of the k8s layer for one cluster, as host scripts that run inside the right
 * container. Pure: renders text, runs nothing.
 */
public final class NodeScripts {
    private final ClusterLayout layout;
    private final ClusterPki pki;
    private final KubeadmPlanner planner;
    private final PackageSource packages;
    private final ScriptPaths paths;

    public NodeScripts(ClusterLayout layout, ClusterPki pki, PackageSource packages, ScriptPaths paths) {
        this.layout = layout;
        this.pki = pki;
        this.packages = packages;
        this.paths = paths;
        this.planner = new KubeadmPlanner(layout, new JoinSecrets(pki.token().value(), pki.token().expires(),
                pki.discoveryHash(), pki.certificateKey()));
    }

    /** The kubeadm documents' planner. */
    public KubeadmPlanner planner() {
        return planner;
    }

    /** Runtime, packages, load balancer, CNI. */
    public Script prepare(int n, Role role) {
        String podCidr = role == Role.MASTER ? layout.plan().node(n).masterPodCidr()
                : layout.plan().node(n).workerPodCidr();
        return Script.named("prepare-container.sh").param("K8S_VERSION", layout.kubernetesVersion())
                .param("K8S_REPO", packages.repositoryFor(layout.minor()))
                .param("CONTAINERD_PACKAGE", packages.containerdPackage())
                .param("CONTAINERD_VERSION", packages.containerdVersion())
                .param("CONTAINERD_REPO", packages.containerdRepository())
                .param("ENDPOINT_NAME", layout.endpointName())
                .file("CONTAINERD_CONFIG", Script.staticFile("containerd-config.toml"))
                .file("HAPROXY_CONFIG", LocalApiBalancer.of(layout).render())
                .file("CNI_CONFIG", CniConfig.forPodRange(podCidr).render())
                .file("SYSCTL_CONFIG", Script.staticFile("sysctl.conf"));
    }

    /** The shared CAs, service-account keys, API server certificate and the node's patch. */
    public Script writePki(int n) {
        return base("write-pki.sh").file("CA_CRT", pki.caCert()).file("CA_KEY", pki.caKey())
                .file("ETCD_CA_CRT", pki.etcdCaCert()).file("ETCD_CA_KEY", pki.etcdCaKey())
                .file("FRONT_PROXY_CA_CRT", pki.frontProxyCaCert()).file("FRONT_PROXY_CA_KEY", pki.frontProxyCaKey())
                .file("SA_KEY", pki.serviceAccountKey()).file("SA_PUB", pki.serviceAccountPub())
                .file("APISERVER_CRT", pki.apiServerCert()).file("APISERVER_KEY", pki.apiServerKey())
                .file("APISERVER_PATCH", Yaml.write(planner.apiServerPatch(n)));
    }

    /** {@code kubeadm init} on node 1's control plane, when no control plane has joined. */
    public Script init() {
        return base("init.sh").file("KUBEADM_CONFIG", Yaml.writeAll(planner.initDocuments()));
    }

    /** The bootstrap token Secret, applied on the seed's control plane (a joined one). */
    public Script ensureToken() {
        return base("ensure-token.sh").file("TOKEN_SECRET", Yaml.write(BootstrapTokenSecret.of(pki.token().id(),
                pki.token().secret(), pki.token().expires())));
    }

    /** Whether the container has joined ({@code state=...}). */
    public Script joinState(Role role) {
        return joinState(paths, role);
    }

    /** Whether the container has joined ({@code state=...}); needs no PKI, so compensation runs it without one. */
    public static Script joinState(ScriptPaths paths, Role role) {
        return Script.named("join-state.sh").param("K8S_ETC", paths.k8sEtc())
                .param("ROLE", role == Role.MASTER ? "master" : "worker");
    }

    /** On node {@code through}'s control plane (a joined one): removes node {@code n}'s etcd member if there is one. */
    public Script removeMember(int through, int n) {
        return removeMember(paths, layout.node(through).masterName(), layout.node(n).masterAddress());
    }

    /**
     * On the control plane {@code throughMaster}, which must have joined (it asks its own etcd, with
     * its admin kubeconfig; where there is none the script finds nothing to remove): removes the etcd
     * member of the control plane at {@code masterAddress} if there is one; needs no PKI, so
     * compensation runs it without one.
     */
    public static Script removeMember(ScriptPaths paths, String throughMaster, String masterAddress) {
        return Script.named("etcd-remove-member.sh").param("K8S_ETC", paths.k8sEtc()).param("NODE_NAME", throughMaster)
                .param("MEMBER_PEER_URL", Kubeadm.etcdPeerUrl(masterAddress));
    }

    /** {@code kubeadm join} of node {@code n}'s control plane (any node but the seed) or worker. */
    public Script join(int n, Role role) {
        var config = role == Role.MASTER ? planner.controlPlaneJoin(n) : planner.workerJoin(n);
        return base("join.sh").param("ROLE", role == Role.MASTER ? "master" : "worker")
                .file("KUBEADM_CONFIG", Yaml.write(config));
    }

    /** {@code kubeadm reset} and cleanup; safe when nothing ran. */
    public Script reset() {
        return reset(paths);
    }

    /** {@code kubeadm reset} and cleanup; needs no PKI, so compensation runs without one. */
    public static Script reset(ScriptPaths paths) {
        return Script.named("reset.sh").param("K8S_ETC", paths.k8sEtc()).param("ETCD_DATA", paths.etcdData())
                .param("CRI_SOCKET", Kubeadm.CRI_SOCKET);
    }

    /** The host script that runs {@code script} in node {@code n}'s container of {@code role}. */
    public String inContainer(int n, Role role, Script script) {
        return ContainerScript.wrap(role, name(layout.node(n), role), script);
    }

    /** The container's (and Kubernetes node's) name. */
    public static String name(ClusterNode node, Role role) {
        return role == Role.MASTER ? node.masterName() : node.workerName();
    }

    private Script base(String script) {
        return Script.named(script).param("K8S_ETC", paths.k8sEtc());
    }
}
