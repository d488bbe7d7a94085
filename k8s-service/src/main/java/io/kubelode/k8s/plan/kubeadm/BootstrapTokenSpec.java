package io.kubelode.k8s.plan.kubeadm;

import java.util.List;

/** A bootstrap token as {@code InitConfiguration.bootstrapTokens} lists it ({@code expires} is RFC 3339). */
public record BootstrapTokenSpec(String token, String description, String expires, List<String> usages,
                                 List<String> groups) {

    @Override
    public String toString() {
        return "BootstrapTokenSpec[expires=" + expires + ", token=<sealed>]";
    }
}
