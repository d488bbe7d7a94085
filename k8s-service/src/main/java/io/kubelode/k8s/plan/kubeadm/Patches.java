package io.kubelode.k8s.plan.kubeadm;

/** The directory of per-node patches kubeadm applies to the static Pod manifests it writes. */
public record Patches(String directory) {
}
