package io.kubelode.k8s.api;

import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.ClusterNode;
import io.kubelode.k8s.plan.scripts.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares what the API shows with the layout: every control-plane and worker container
 * registered and Ready, and one Ready etcd member per control plane (no more, no fewer).
 */
public final class ClusterVerifier {
    private ClusterVerifier() {
    }

    /**
     * What the API showed.
     *
     * @param nodes    every expected node, with its readiness as observed
     * @param problems human-readable gaps; empty when the cluster is complete
     */
    public record Verification(List<K8sNode> nodes, int etcdMembers, List<String> problems) {
        public boolean complete() {
            return problems.isEmpty();
        }
    }

    /** Reads the API once. */
    public static Verification verify(ClusterApi api, ClusterLayout layout) {
        Map<String, ClusterApi.NodeStatus> seen = api.nodes().stream()
                .collect(Collectors.toMap(ClusterApi.NodeStatus::name, Function.identity(), (a, b) -> a));
        List<K8sNode> nodes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ClusterNode n : layout.nodes()) {
            for (Role role : Role.values()) {
                String name = role == Role.MASTER ? n.masterName() : n.workerName();
                ClusterApi.NodeStatus status = seen.get(name);
                boolean ready = status != null && status.ready();
                nodes.add(new K8sNode(name, n.node(), role.kubernetesRole(), ready));
                if (status == null) {
                    problems.add(name + " is not registered");
                } else if (!ready) {
                    problems.add(name + " is not Ready");
                }
            }
        }
        Set<String> masters = layout.nodes().stream().map(ClusterNode::masterName).collect(Collectors.toSet());
        List<ClusterApi.EtcdMemberStatus> etcd = api.etcdMembers();
        long healthy = etcd.stream().filter(m -> m.ready() && masters.contains(m.nodeName())).count();
        for (String master : masters.stream().sorted().toList()) {
            if (etcd.stream().noneMatch(m -> master.equals(m.nodeName()) && m.ready())) {
                problems.add("etcd on " + master + " is not Ready");
            }
        }
        etcd.stream().filter(m -> !masters.contains(m.nodeName()))
                .forEach(m -> problems.add("etcd member on unknown node " + m.nodeName()));
        return new Verification(nodes, (int) healthy, problems);
    }
}
