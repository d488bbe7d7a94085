package io.kubelode.k8s.plan.kubeadm;

import java.util.List;

/**
 * How a node registers itself.
 *
 * @param taints {@code null} keeps kubeadm's default (the control-plane taint on control planes),
 *               an empty list means none
 */
public record NodeRegistration(String name, String criSocket, List<Arg> kubeletExtraArgs,
                               List<String> ignorePreflightErrors, List<Taint> taints) {

    /** A node taint. */
    public record Taint(String key, String value, String effect) {
    }
}
