package io.kubelode.k8s.api;

import java.util.List;

/** What the k8s layer reads from a cluster's Kubernetes API. Production: {@link Fabric8ClusterApi}. */
public interface ClusterApi extends AutoCloseable {

    /** Every registered node with its Ready condition. */
    List<NodeStatus> nodes();

    /** The etcd members as the API shows them: kubeadm's static {@code etcd-<node>} Pods in kube-system. */
    List<EtcdMemberStatus> etcdMembers();

    @Override
    void close();

    /** A node and whether its {@code Ready} condition is {@code True}. */
    record NodeStatus(String name, boolean ready) {
    }

    /** A stacked etcd member (its static Pod) and whether the Pod is Ready. */
    record EtcdMemberStatus(String nodeName, boolean ready) {
    }
}
