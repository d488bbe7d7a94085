package io.kubelode.k8s.plan.scripts;

import java.util.Objects;

/**
 * Where a container's Kubernetes packages come from.
 *
 * @param containerdVersion     the containerd package version pinned in every container
 * @param kubernetesRepository  the flat apt repository of kubelet, kubeadm and kubectl, with
 *                              {@code {minor}} standing for the cluster's minor version: Kubernetes'
 *                              own ({@link #UPSTREAM}) on Linode; the sandbox's repository of
 *                              stand-in packages when its machines are real (see sandbox/README.md).
 *                              The repository serves {@code Release.key}, its signing key.
 */
public record PackageSource(String containerdVersion, String kubernetesRepository) {
    /** Kubernetes' community-owned package repository, one per minor version. */
    public static final String UPSTREAM = "https://pkgs.k8s.io/core:/stable:/v{minor}/deb/";

    public PackageSource {
        Objects.requireNonNull(containerdVersion, "containerdVersion");
        if (!kubernetesRepository.matches("https?://[^\\s\"'\\\\]+/") || !kubernetesRepository.contains("{minor}")) {
            throw new IllegalArgumentException("the Kubernetes package repository must be an http(s) URL ending in /"
                    + " and holding {minor}: " + kubernetesRepository);
        }
    }

    /** The repository of one minor version, e.g. {@code https://pkgs.k8s.io/core:/stable:/v1.31/deb/}. */
    public String repositoryFor(String minor) {
        return kubernetesRepository.replace("{minor}", minor);
    }
}
