package io.kubelode.k8s.plan.kubeadm;

import java.util.List;
import java.util.Map;

/**
 * {@code kubelet.config.k8s.io/v1beta1 KubeletConfiguration} for a kubelet inside an
 * unprivileged container (KEP-2033), with the settings rootless kind uses.
 */
public record KubeletConfiguration(String apiVersion, String kind, String cgroupDriver,
                                   String containerRuntimeEndpoint, Boolean failSwapOn,
                                   Map<String, Boolean> featureGates, List<String> clusterDNS, String clusterDomain,
                                   Boolean localStorageCapacityIsolation, Map<String, String> evictionHard,
                                   Integer imageGCHighThresholdPercent, Boolean protectKernelDefaults,
                                   Boolean rotateCertificates) {

    public static KubeletConfiguration forUserNamespace(String clusterDns, String clusterDomain) {
        return new KubeletConfiguration("kubelet.config.k8s.io/v1beta1", "KubeletConfiguration",
                // systemd runs in the LXC container and owns its delegated cgroup subtree
                "systemd", Kubeadm.CRI_SOCKET,
                // the host's swap is visible in the container and cannot be turned off from inside it
                false,
                // KEP-2033: tolerate sysctls, OOM score and device errors a user namespace forbids
                Map.of("KubeletInUserNamespace", true),
                List.of(clusterDns), clusterDomain,
                // kubelet cannot measure ephemeral storage of the shared, id-mapped root filesystem
                false,
                // the container sees the host's file systems: never evict for their fullness (as kind does)
                Map.of("imagefs.available", "0%", "nodefs.available", "0%", "nodefs.inodesFree", "0%"),
                100,
                // kernel sysctls are the host's; the container may not set them
                false, true);
    }
}
