package io.kubelode.events.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a cluster's apps fit N instances of one memory size, next to what every instance runs
 * before any app: the system, the control-plane node (stacked etcd) and the worker node. Every
 * figure is a published upstream minimum or a request the apps catalog itself sets; the sources
 * are beside each constant. All figures in MiB (Linode's {@code memory} of a type is in MB of
 * 2^20 bytes: 1024, 2048, 4096...).
 */
public final class MemoryFit {

    /**
     * One machine of a kubeadm cluster: "2 GB or more of RAM per machine (any less will leave
     * little room for your apps)" — https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/install-kubeadm/#before-you-begin
     * It covers the system (Debian 12 itself asks 256 MB without a desktop,
     * https://www.debian.org/releases/bookworm/amd64/ch03s04.en.html) and the control-plane node:
     * kubelet, containerd and the static pods with stacked etcd, kubeadm's default topology. etcd
     * publishes no smaller figure ("etcd has a relatively small memory footprint",
     * https://etcd.io/docs/v3.5/op-guide/hardware/#memory) and containerd publishes none at all,
     * so neither is counted apart from this one.
     */
    public static final int KUBEADM_MACHINE_MIB = 2048;
    /**
     * The worker node in its own container on the same instance (kubelet, containerd, kube-proxy;
     * the system is shared, so not kubeadm's whole machine again): the smallest published figure
     * for a Kubernetes worker, K3s' agent minimum of 512 MB RAM —
     * https://docs.k3s.io/installation/requirements#hardware
     */
    public static final int WORKER_NODE_MIB = 512;
    /**
     * The worker kubelet's default hard eviction threshold {@code memory.available<100Mi}: pods are
     * evicted before this is used —
     * https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#hard-eviction-thresholds
     */
    public static final int EVICTION_MIB = 100;
    /** CoreDNS as kubeadm deploys it: 2 replicas requesting 70Mi each (kubeadm's CoreDNS manifest, cmd/kubeadm/app/phases/addons/dns/manifests.go). */
    public static final int COREDNS_MIB = 140;
    /** ingress-nginx, one controller per worker requesting 90Mi (apps-service IngressNginx.java). */
    public static final int INGRESS_PER_NODE_MIB = 90;
    /** The local-path provisioner requesting 32Mi (apps-service LocalPathProvisioner.java). */
    public static final int LOCAL_PATH_MIB = 32;
    /** What every instance holds before any pod: {@value} MiB. */
    public static final int PER_INSTANCE_MIB = KUBEADM_MACHINE_MIB + WORKER_NODE_MIB + EVICTION_MIB;

    /**
     * One line of the budget.
     *
     * @param what      what it is
     * @param mib       memory it needs in total
     * @param perNode   true when {@code mib} is needed on every instance, false for the cluster as a whole
     */
    public record Line(String what, int mib, boolean perNode) {
    }

    /**
     * The budget of a plan.
     *
     * @param memoryMiB       memory of one instance
     * @param nodes           instances
     * @param perInstanceMiB  held on every instance before any pod
     * @param roomPerNodeMiB  left for pods on one instance
     * @param requestsMiB     memory the pods request in the whole cluster
     * @param largestPodMiB   the largest single pod, which must fit one instance
     * @param fits            the pods fit: room on every node, enough room in total, and the largest pod fits one
     * @param lines           every figure, for the plan
     */
    public record Budget(int memoryMiB, int nodes, int perInstanceMiB, int roomPerNodeMiB, int requestsMiB,
                         int largestPodMiB, boolean fits, List<Line> lines) {
        /** Room minus requests over the whole cluster; negative when short. */
        public int headroomMiB() {
            return roomPerNodeMiB * nodes - requestsMiB;
        }
    }

    private MemoryFit() {
    }

    /**
     * What the app's workloads request in steady state, as the scheduler counts it (replicas times
     * the larger of a pod's containers and its largest init container), from the apps catalog
     * (apps-service io.kubelode.apps.plan; nightly backup jobs run one at a time and are not counted).
     */
    public static int requestsMiB(App app) {
        return switch (app) {
            case WEB -> 2 * 16;          // WebSite: 2 nginx replicas, 16Mi each
            case BLOG -> 2 * 64;         // HugoBlog: 2 replicas, scheduled by the hugo build init container (64Mi)
            case JUPYTERHUB -> 192 + 48; // JupyterHub: hub 192Mi, configurable-http-proxy 48Mi
            case KUBEFLOW -> 48;         // KubeflowTraining: the training operator, 48Mi
            case NEXTCLOUD -> 192 + 256; // Nextcloud: MariaDB 192Mi, Nextcloud 256Mi
            case GITEA -> 128;           // Gitea: 128Mi (its admin init container asks 96Mi)
        };
    }

    /** The largest single pod of the app, in MiB. */
    static int largestPodMiB(App app) {
        return switch (app) {
            case WEB -> 16;
            case BLOG -> 64;
            case JUPYTERHUB -> 192;
            case KUBEFLOW -> 48;
            case NEXTCLOUD -> 256;
            case GITEA -> 128;
        };
    }

    /** The budget of {@code apps} on {@code nodes} instances of {@code memoryMiB} each. */
    public static Budget of(List<App> apps, int nodes, int memoryMiB) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("system and control-plane node with stacked etcd (kubeadm's minimum per machine)",
                KUBEADM_MACHINE_MIB, true));
        lines.add(new Line("worker node: kubelet, containerd, kube-proxy (K3s agent minimum)", WORKER_NODE_MIB, true));
        lines.add(new Line("kubelet hard eviction threshold", EVICTION_MIB, true));
        lines.add(new Line("CoreDNS (2 x 70Mi)", COREDNS_MIB, false));
        lines.add(new Line("ingress-nginx (90Mi per node)", INGRESS_PER_NODE_MIB * nodes, false));
        lines.add(new Line("local-path provisioner", LOCAL_PATH_MIB, false));
        int requests = COREDNS_MIB + INGRESS_PER_NODE_MIB * nodes + LOCAL_PATH_MIB;
        int largest = Math.max(INGRESS_PER_NODE_MIB, 70);
        for (App app : apps) {
            lines.add(new Line(app.id(), requestsMiB(app), false));
            requests += requestsMiB(app);
            largest = Math.max(largest, largestPodMiB(app));
        }
        int room = memoryMiB - PER_INSTANCE_MIB;
        boolean fits = room > 0 && (long) room * nodes >= requests && room >= largest;
        return new Budget(memoryMiB, nodes, PER_INSTANCE_MIB, room, requests, largest, fits, List.copyOf(lines));
    }

    /**
     * The fewest apps to leave out so that {@code apps} fit {@code nodes} instances of
     * {@code memoryMiB}: the largest first (which also drops the largest pods first); null when even
     * no app at all does not fit.
     */
    public static List<App> toDrop(List<App> apps, int nodes, int memoryMiB) {
        List<App> kept = new ArrayList<>(apps);
        kept.sort((a, b) -> Integer.compare(requestsMiB(b), requestsMiB(a)));
        List<App> dropped = new ArrayList<>();
        while (!of(kept, nodes, memoryMiB).fits()) {
            if (kept.isEmpty()) {
                return null;
            }
            dropped.add(kept.remove(0));
        }
        return List.copyOf(dropped);
    }
}
