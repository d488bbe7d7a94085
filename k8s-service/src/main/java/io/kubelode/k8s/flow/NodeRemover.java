package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterNodesDrained;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.k8s.api.ClusterApi;
import io.kubelode.k8s.api.ClusterApiFactory;
import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.pki.SecretStore;
import io.kubelode.k8s.plan.ScaleDownPlan;
import io.kubelode.k8s.plan.kubeadm.Kubeadm;
import io.kubelode.k8s.shell.NodeShells;
import io.kubelode.k8s.view.ClusterState;
import io.kubelode.k8s.view.ClusterViews;
import io.kubelode.nodeshell.NodeShell;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The k8s layer's part of a scale-down, after DNS no longer names the leaving nodes, each step an
 * idempotent ensure: cordon and drain their Kubernetes nodes through the API → {@code kubeadm
 * reset} in their containers (workers first, then control planes from the top, each leaving its
 * etcd member while the quorum answers, and any member of theirs still listed removed through the
 * lowest-numbered staying control plane that has joined: {@link Resetter}) → their Node objects
 * deleted → the API shows none of them. Node 1 (the API endpoint) never leaves.
 */
public final class NodeRemover {
    private static final Logger LOG = Logger.getLogger(NodeRemover.class);

    private final ClusterViews views;
    private final NodeShells shells;
    private final SecretStore pkis;
    private final ClusterApiFactory apis;
    private final Resetter resetter;

    public NodeRemover(ClusterViews views, NodeShells shells, SecretStore pkis, ClusterApiFactory apis,
                       Resetter resetter) {
        this.views = views;
        this.shells = shells;
        this.pkis = pkis;
        this.apis = apis;
        this.resetter = resetter;
    }

    /** Removes {@code nodes} from the cluster; blocking. */
    public ClusterNodesDrained remove(String clusterId, List<Integer> nodes) {
        views.barrier().join();
        ClusterState state = views.state(clusterId);
        if (state.spec() == null || !state.nodes().containsKey(1)) {
            throw new K8sStepException(FailureReason.CLUSTER_UNKNOWN, "no spec or node 1 for " + clusterId);
        }
        ScaleDownPlan plan = ScaleDownPlan.of(clusterId, state.spec(), nodes, state.lxc());
        ClusterPki pki = pkis.load(clusterId).orElseThrow(() -> new K8sStepException(FailureReason.PKI_UNAVAILABLE,
                "no PKI for " + clusterId));
        String endpoint = "https://" + state.nodes().get(1).publicIpv4() + ":" + Kubeadm.API_PORT;
        try (ClusterApi api = apis.connect(pki.adminKubeconfig(endpoint))) {
            for (String name : plan.nodeNames()) {
                if (api.cordon(name)) {
                    LOG.infof("%s: %s cordoned, %d pod(s) evicted", clusterId, name, api.evictPods(name));
                }
            }
        }
        // the staying control planes, lowest first: the Resetter removes left-over members through the
        // first of them that has joined (a shell connects on first use, so the others cost nothing)
        List<Resetter.Via> through = java.util.stream.IntStream.rangeClosed(1, plan.keep())
                .mapToObj(n -> new Resetter.Via(n, state.lxc().containsKey(n) ? state.lxc().get(n).master().name()
                        : clusterId + "-" + n + "-master"))
                .toList();
        Map<Integer, NodeShell> open = new HashMap<>();
        try {
            for (int n : union(plan.nodes(), through.stream().map(Resetter.Via::node).toList())) {
                NodeProvisioned p = state.nodes().get(n);
                if (p != null) {
                    open.put(n, shells.open(p));
                }
            }
            resetter.resetAll(clusterId, through, plan.leaving().stream().map(l -> new Resetter.Target(l.node(),
                    l.masterName(), l.workerName(), l.masterAddress())).toList(), open);
        } finally {
            open.values().forEach(NodeShell::close);
        }
        try (ClusterApi api = apis.connect(pki.adminKubeconfig(endpoint))) {
            for (String name : plan.nodeNames()) {
                if (api.deleteNode(name)) {
                    LOG.infof("%s: Node %s deleted", clusterId, name);
                }
            }
            Set<String> left = api.nodes().stream().map(ClusterApi.NodeStatus::name).collect(Collectors.toSet());
            List<String> still = plan.nodeNames().stream().filter(left::contains).toList();
            if (!still.isEmpty()) {
                throw new K8sStepException(FailureReason.INTERNAL_ERROR, "still registered after removal: " + still);
            }
            int members = (int) api.etcdMembers().stream().filter(ClusterApi.EtcdMemberStatus::ready).count();
            LOG.infof("%s: nodes %s removed; %d etcd member(s) remain", clusterId, plan.nodes(), members);
            return new ClusterNodesDrained(clusterId, plan.nodes(), plan.nodeNames(), members);
        }
    }

    private static List<Integer> union(List<Integer> nodes, List<Integer> also) {
        return java.util.stream.Stream.concat(nodes.stream(), also.stream()).distinct().toList();
    }
}
