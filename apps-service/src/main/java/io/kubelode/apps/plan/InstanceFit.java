package io.kubelode.apps.plan;

import java.util.List;

/**
 * Whether the plan's steady-state memory requests fit N instances of a size, after what each
 * instance spends before any app runs. The overheads are estimates for this design (a
 * control-plane and a worker container per instance, stacked etcd), from typical resident sizes of
 * these components on kubeadm 1.31 clusters, not measurements on Linode:
 * Debian + sshd + LXC 180 MiB; control-plane container (kube-apiserver 280, etcd 120,
 * controller-manager 60, scheduler 30, kubelet 60, containerd 40, kube-proxy 20, CNI 30) 640 MiB;
 * worker container (kubelet, containerd, kube-proxy, CNI) 150 MiB; the worker kubelet's hard
 * eviction threshold 100 MiB. Cluster add-ons: CoreDNS, 2 × 70 MiB requested by kubeadm.
 */
public final class InstanceFit {
    public static final long OS_MIB = 180;
    public static final long CONTROL_PLANE_MIB = 640;
    public static final long WORKER_OVERHEAD_MIB = 150;
    public static final long EVICTION_MIB = 100;
    public static final long COREDNS_MIB = 140;

    /**
     * @param sizeMiB         the plan's RAM (1024, 2048, 4096)
     * @param usableMiB       what the kernel leaves (MemTotal), about 95 % of the plan's RAM
     * @param appsPerInstance usable minus every overhead: what the apps may request on one instance
     * @param requestsMiB     the catalog's memory requests plus CoreDNS
     * @param limitsMiB       the catalog's memory limits plus CoreDNS
     * @param fits            requests fit in {@code instances × appsPerInstance}
     */
    public record Result(long sizeMiB, int instances, long usableMiB, long appsPerInstance, long requestsMiB,
                         long limitsMiB, boolean fits) {
        public long headroomMiB() {
            return instances * appsPerInstance - requestsMiB;
        }
    }

    private InstanceFit() {
    }

    public static Result check(List<ResourceBudget.Line> lines, long sizeMiB, int instances) {
        long usable = sizeMiB * 95 / 100;
        long apps = usable - OS_MIB - CONTROL_PLANE_MIB - WORKER_OVERHEAD_MIB - EVICTION_MIB;
        long requests = lines.stream().mapToLong(ResourceBudget.Line::memoryRequestMiB).sum() + COREDNS_MIB;
        long limits = lines.stream().mapToLong(ResourceBudget.Line::memoryLimitMiB).sum() + COREDNS_MIB;
        return new Result(sizeMiB, instances, usable, apps, requests, limits, apps > 0 && requests <= instances * apps);
    }
}
