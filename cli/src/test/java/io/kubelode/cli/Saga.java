package io.kubelode.cli;

import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcFailed;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Event sequences of whole clusters after ClusterRequested, as the layers would publish them. */
final class Saga {
    private Saga() {
    }

    /** The forward chain, up to DnsPublished. */
    static List<KubelodeEvent> forward(String id, ClusterSpec spec) {
        int n = spec.nodes();
        List<KubelodeEvent> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new NodeProvisioned(id, i, id + "-" + i, 1000 + i, spec.region(), "127.0.10." + i,
                    "192.168.130." + i, 22, "SHA256:abc" + i));
        }
        AddressPlan plan = AddressPlan.of(spec);
        for (int i = 1; i <= n; i++) {
            var a = plan.node(i);
            out.add(new LxcReady(id, i, new Container(id + "-" + i + "-master", "master", a.masterAddress(),
                    100000, 65536), new Container(id + "-" + i + "-worker", "worker", a.workerAddress(), 200000,
                    65536), "disabled"));
        }
        List<NodeRoutes> routes = new ArrayList<>();
        List<K8sNode> k8s = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            routes.add(new NodeRoutes(i, "key" + i + "=", true));
            k8s.add(new K8sNode(id + "-" + i + "-master", i, "control-plane", true));
            k8s.add(new K8sNode(id + "-" + i + "-worker", i, "worker", true));
            addresses.add("127.0.10." + i);
        }
        out.add(new NetworkRouted(id, plan, routes));
        out.add(new ClusterJoined(id, "https://127.0.10.1:6443", spec.kubernetesVersion(), k8s, n));
        out.add(new AppsDeployed(id, addresses, spec.apps().stream()
                .map(a -> new DeployedApp(a, "https://" + spec.hostOf(a) + "/", true)).toList()));
        Map<String, List<String>> records = new LinkedHashMap<>();
        records.put(spec.domain(), addresses);
        spec.apps().forEach(a -> records.put(spec.hostOf(a), addresses));
        out.add(new DnsPublished(id, records));
        return out;
    }

    /** Every node provisioned, node 1's containers up, node 2's failing, and the rollback below. */
    static List<KubelodeEvent> lxcFailureAndRollback(String id, ClusterSpec spec) {
        List<KubelodeEvent> out = new ArrayList<>(forward(id, spec).subList(0, spec.nodes() + 1));
        out.add(new LxcFailed(id, 2, FailureReason.LXD_CONTAINERS_FAILED, "lxc-start exited 1"));
        out.add(new LxcReleased(id, Cause.ROLLBACK, FailureReason.LXD_CONTAINERS_FAILED));
        out.add(new NodesReleased(id, List.of(1001L, 1002L, 1003L), Cause.ROLLBACK,
                FailureReason.LXD_CONTAINERS_FAILED));
        return out;
    }

    /** The backward chain of a delete, after ClusterDeleteRequested. */
    static List<KubelodeEvent> teardown(String id) {
        return List.of(new DnsRecordsDeleted(id, Cause.DELETE, FailureReason.DELETED),
                new AppsDeleted(id, Cause.DELETE, FailureReason.DELETED),
                new ClusterReset(id, Cause.DELETE, FailureReason.DELETED),
                new NetworkReleased(id, Cause.DELETE, FailureReason.DELETED),
                new LxcReleased(id, Cause.DELETE, FailureReason.DELETED),
                new NodesReleased(id, List.of(1001L, 1002L, 1003L), Cause.DELETE, FailureReason.DELETED));
    }
}
