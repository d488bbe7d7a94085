package io.kubelode.k8s.plan;

import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a scale-down takes out of Kubernetes: the leaving nodes' two containers (Kubernetes nodes)
 * and each leaving control plane's etcd member, by peer URL. The names and addresses are the lxc
 * layer's (LxcReady); for a node whose LxcReady is not known they follow the same deterministic
 * rules, so the removal still finds what a half-done run left.
 *
 * @param keep    the nodes that stay, 1..keep
 * @param leaving the leaving nodes, highest first (control planes leave etcd one at a time from the top)
 */
public record ScaleDownPlan(String clusterId, int keep, List<Leaving> leaving) {

    /** One leaving node. */
    public record Leaving(int node, String masterName, String masterAddress, String workerName) {
    }

    public ScaleDownPlan {
        leaving = leaving.stream().sorted(Comparator.comparingInt(Leaving::node).reversed()).toList();
    }

    /**
     * The plan for removing {@code nodes} from a cluster whose spec now asks for {@code spec.nodes()}.
     *
     * @throws IllegalArgumentException when a leaving node is not above the new count (node 1 hosts
     *                                  the API and never leaves)
     */
    public static ScaleDownPlan of(String clusterId, ClusterSpec spec, List<Integer> nodes, Map<Integer, LxcReady> lxc) {
        List<Leaving> out = new ArrayList<>();
        int highest = nodes.stream().mapToInt(Integer::intValue).max().orElse(spec.nodes());
        AddressPlan plan = AddressPlan.of(spec, Math.max(spec.nodes(), highest));
        for (int n : nodes) {
            if (n <= spec.nodes() || n < 2) {
                throw new IllegalArgumentException("node " + n + " of " + clusterId + " stays in a cluster of "
                        + spec.nodes() + " nodes");
            }
            LxcReady ready = lxc.get(n);
            out.add(ready != null
                    ? new Leaving(n, ready.master().name(), ready.master().address(), ready.worker().name())
                    : new Leaving(n, clusterId + "-" + n + "-master", plan.node(n).masterAddress(),
                    clusterId + "-" + n + "-worker"));
        }
        return new ScaleDownPlan(clusterId, spec.nodes(), out);
    }

    /** Every Kubernetes node name that leaves: workers and control planes. */
    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        leaving.forEach(l -> {
            names.add(l.workerName());
            names.add(l.masterName());
        });
        return names;
    }

    /** The leaving node indexes, ascending. */
    public List<Integer> nodes() {
        return leaving.stream().map(Leaving::node).sorted().toList();
    }
}
