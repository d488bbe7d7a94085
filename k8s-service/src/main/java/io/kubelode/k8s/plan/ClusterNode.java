package io.kubelode.k8s.plan;

/**
 * One node as the k8s layer sees it: the instance's public address and its two containers.
 *
 * @param masterName container (and Kubernetes node) name {@code <cluster>-<n>-master}
 * @param workerName container (and Kubernetes node) name {@code <cluster>-<n>-worker}
 */
public record ClusterNode(int node, String publicIpv4, String masterName, String masterAddress, String workerName,
                          String workerAddress) {
}
