package io.kubelode.k8s.api;

import java.util.List;

/** What the k8s layer reads from a cluster's Kubernetes API. Production: {@link Fabric8ClusterApi}. */
public interface ClusterApi extends AutoCloseable {

    /** Every registered node with its Ready condition. */
    List<NodeStatus> nodes();

    /** The etcd members as the API shows them: kubeadm's static {@code etcd-<node>} Pods in kube-system. */
    List<EtcdMemberStatus> etcdMembers();

    /** Marks the node unschedulable ({@code kubectl cordon}); false when there is no such node. */
    default boolean cordon(String nodeName) {
        throw new UnsupportedOperationException("cordon");
    }

    /**
     * Evicts every pod on the node except DaemonSet and static (mirror) pods, as {@code kubectl drain
     * --ignore-daemonsets} does; returns how many pods were evicted now.
     */
    default int evictPods(String nodeName) {
        throw new UnsupportedOperationException("evictPods");
    }

    /** Deletes the Node object; false when it was gone already. */
    default boolean deleteNode(String nodeName) {
        throw new UnsupportedOperationException("deleteNode");
    }

    @Override
    void close();

    /** A node and whether its {@code Ready} condition is {@code True}. */
    record NodeStatus(String name, boolean ready) {
    }

    /** A stacked etcd member (its static Pod) and whether the Pod is Ready. */
    record EtcdMemberStatus(String nodeName, boolean ready) {
    }
}
