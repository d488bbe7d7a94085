package io.kubelode.k8s.plan.kubeadm;

/** Where one API server advertises itself and listens. */
public record ApiEndpoint(String advertiseAddress, int bindPort) {
}
