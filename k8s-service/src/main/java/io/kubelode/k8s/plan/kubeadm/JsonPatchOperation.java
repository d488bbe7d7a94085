package io.kubelode.k8s.plan.kubeadm;

/** One RFC 6902 operation, for a kubeadm {@code <component>+json} patch file. */
public record JsonPatchOperation(String op, String path, Object value) {
}
