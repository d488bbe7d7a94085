package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Events on {@link Topics#K8S}: the HA control plane with stacked etcd, and joined workers. */
public sealed interface K8sEvent extends KubelodeEvent {

    /**
     * A Kubernetes node as the API server reports it.
     *
     * @param role {@code control-plane} or {@code worker}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record K8sNode(String name, int node, String role, boolean ready) {
    }

    /**
     * Every node is Ready and etcd has one healthy member per node. The admin kubeconfig is not
     * here: it reaches the person only through the gateway, authorised.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClusterJoined(String clusterId, String apiEndpoint, String kubernetesVersion, List<K8sNode> nodes,
                         int etcdMembers) implements K8sEvent {
    }

    /** The control plane could not be bootstrapped or a node could not join. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClusterJoinFailed(String clusterId, FailureReason reason, String message) implements K8sEvent, Failure {
    }

    /**
     * {@code kubeadm reset} ran on every node and the etcd members are removed.
     *
     * @param leftoverEtcdMembers the control planes whose etcd member outlived their own reset (a join
     *                            that failed after kubeadm added the member, kubeadm #2095) and that
     *                            the compensation removed through node 1's; empty when there was none
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClusterReset(String clusterId, Cause cause, FailureReason reason, List<String> leftoverEtcdMembers)
            implements K8sEvent, Compensation {
        public ClusterReset {
            leftoverEtcdMembers = leftoverEtcdMembers == null ? List.of() : List.copyOf(leftoverEtcdMembers);
        }

        public ClusterReset(String clusterId, Cause cause, FailureReason reason) {
            this(clusterId, cause, reason, List.of());
        }
    }

    /**
     * A scale-down's second step: the leaving nodes were cordoned and drained, {@code kubeadm reset}
     * ran in their containers, their etcd members and Node objects are gone.
     *
     * @param nodes       the leaving node indexes
     * @param removed     the Kubernetes node names removed
     * @param etcdMembers etcd members left
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClusterNodesDrained(String clusterId, List<Integer> nodes, List<String> removed, int etcdMembers)
            implements K8sEvent {
    }
}
