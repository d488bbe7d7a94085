package io.kubelode.gateway;

import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
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
import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Event sequences of whole clusters, as the layers would publish them. */
public final class Saga {
    private Saga() {
    }

    public static ClusterSpec spec(String name, int nodes) {
        return new ClusterSpec(name, "eu-central", null, null, nodes, "example.org", List.of(App.WEB, App.BLOG),
                List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home"), null,
                null, null);
    }

    public static ClusterRequested requested(String id, int nodes) {
        return new ClusterRequested(id, spec(id.replaceAll("-[a-z0-9]{5}$", ""), nodes));
    }

    /** The forward chain after ClusterRequested, up to DnsPublished. */
    public static List<KubelodeEvent> forward(String id, ClusterSpec spec) {
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

    /** A failure of node 2's containers and the rollback below it. */
    public static List<KubelodeEvent> lxcFailureAndRollback(String id, ClusterSpec spec) {
        List<KubelodeEvent> out = new ArrayList<>(forward(id, spec).subList(0, spec.nodes() + 1));
        out.add(new LxcFailed(id, 2, FailureReason.LXD_CONTAINERS_FAILED, "lxc-start exited 1"));
        out.add(new LxcReleased(id, Cause.ROLLBACK, FailureReason.LXD_CONTAINERS_FAILED));
        out.add(new NodesReleased(id, List.of(1001L, 1002L, 1003L), Cause.ROLLBACK,
                FailureReason.LXD_CONTAINERS_FAILED));
        return out;
    }

    /** A delete of a Ready cluster through the backward chain. */
    public static List<KubelodeEvent> teardown(String id) {
        return List.of(new ClusterDeleteRequested(id), new DnsRecordsDeleted(id, Cause.DELETE, FailureReason.DELETED),
                new AppsDeleted(id, Cause.DELETE, FailureReason.DELETED),
                new ClusterReset(id, Cause.DELETE, FailureReason.DELETED),
                new NetworkReleased(id, Cause.DELETE, FailureReason.DELETED),
                new LxcReleased(id, Cause.DELETE, FailureReason.DELETED),
                new NodesReleased(id, List.of(1001L, 1002L, 1003L), Cause.DELETE, FailureReason.DELETED));
    }
}
