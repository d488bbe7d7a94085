package io.kubelode.k8s.plan.kubeadm;

/** One extra command-line argument: kubeadm v1beta4 lists them as name/value pairs. */
public record Arg(String name, String value) {
}
