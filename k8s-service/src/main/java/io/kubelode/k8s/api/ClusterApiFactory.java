package io.kubelode.k8s.api;

import io.kubelode.k8s.plan.Kubeconfig;

/** Connects to a cluster's API with its admin kubeconfig. */
@FunctionalInterface
public interface ClusterApiFactory {
    ClusterApi connect(Kubeconfig admin);
}
