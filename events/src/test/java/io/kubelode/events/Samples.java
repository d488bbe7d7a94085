package io.kubelode.events;

import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One representative instance of every event type, the source of the golden JSON files. */
final class Samples {
    static final String CLUSTER = "homelab-7k2qz";

    static ClusterSpec spec() {
        return new ClusterSpec("homelab", "eu-central", "g6-nanode-1", "linode/debian12", 3, "dyll.in",
                List.of(App.values()), List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5a2VsbG9kZSBzYW1wbGUga2V5IG9ubHk me@home"),
                new HomePeer("home.dyll.in:51820", "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=", "192.168.1.0/24", 873),
                "1.31.4", false);
    }

    static KubelodeEvent of(EventType type) {
        AddressPlan plan = AddressPlan.of(spec());
        return switch (type) {
            case CLUSTER_REQUESTED -> new GatewayEvent.ClusterRequested(CLUSTER, spec());
            case CLUSTER_DELETE_REQUESTED -> new GatewayEvent.ClusterDeleteRequested(CLUSTER);
            case CLUSTER_SCALE_REQUESTED -> new GatewayEvent.ClusterScaleRequested(CLUSTER, 3, spec().withNodes(5));
            case NODE_PROVISIONED -> new ProvisionerEvent.NodeProvisioned(CLUSTER, 1, CLUSTER + "-1", 40001,
                    "eu-central", "172.104.10.21", "192.168.140.21", 22,
                    "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8");
            case NODE_PROVISION_FAILED -> new ProvisionerEvent.NodeProvisionFailed(CLUSTER, 2,
                    FailureReason.LINODE_CREATE_REJECTED,
                    "POST /linode/instances answered 400: region: Region is not available");
            case NODES_RELEASED -> new ProvisionerEvent.NodesReleased(CLUSTER, List.of(40001L, 40002L, 40003L),
                    Cause.ROLLBACK, FailureReason.LINODE_CREATE_REJECTED);
            case LXC_READY -> new LxcEvent.LxcReady(CLUSTER, 1,
                    new Container(CLUSTER + "-1-master", "master", plan.node(1).masterAddress(), 1000000, 65536),
                    new Container(CLUSTER + "-1-worker", "worker", plan.node(1).workerAddress(), 2000000, 65536),
                    "disabled");
            case LXC_FAILED -> new LxcEvent.LxcFailed(CLUSTER, 3, FailureReason.LXD_CONTAINERS_FAILED,
                    "lxc start homelab-7k2qz-3-worker exited 1");
            case LXC_RELEASED -> new LxcEvent.LxcReleased(CLUSTER, Cause.DELETE, FailureReason.DELETED);
            case NETWORK_ROUTED -> new NetworkEvent.NetworkRouted(CLUSTER, plan, List.of(
                    new NodeRoutes(1, "fE/wdxzl0klVp/IR8UcaoGUMjqaWi3jAd7KzHKFS6Ds=", true),
                    new NodeRoutes(2, "jUd41n3XYa3yXBzyBvWqlLhYgRef5RiBD7jwo70U+Rw=", true),
                    new NodeRoutes(3, "GtL7fZc/bLnqZldpVofMCD6hDjrK28SsdLxevJ+qtKU=", false)));
            case NETWORK_FAILED -> new NetworkEvent.NetworkFailed(CLUSTER, FailureReason.NETWORK_SCRIPT_FAILED,
                    "node 2 did not complete a WireGuard handshake with node 3 within 20 s");
            case NETWORK_RELEASED -> new NetworkEvent.NetworkReleased(CLUSTER, Cause.ROLLBACK,
                    FailureReason.NETWORK_SCRIPT_FAILED);
            case CLUSTER_JOINED -> new K8sEvent.ClusterJoined(CLUSTER, "https://172.104.10.21:6443", "1.31.4", List.of(
                    new K8sNode(CLUSTER + "-1-master", 1, "control-plane", true),
                    new K8sNode(CLUSTER + "-1-worker", 1, "worker", true)), 3);
            case CLUSTER_JOIN_FAILED -> new K8sEvent.ClusterJoinFailed(CLUSTER,
                    FailureReason.CONTROL_PLANE_JOIN_FAILED,
                    "kubeadm join on node 3 exited 1: etcd member not healthy");
            case CLUSTER_RESET -> new K8sEvent.ClusterReset(CLUSTER, Cause.ROLLBACK,
                    FailureReason.CONTROL_PLANE_JOIN_FAILED, List.of(CLUSTER + "-3-master"));
            case APPS_DEPLOYED -> new AppsEvent.AppsDeployed(CLUSTER, List.of("172.104.10.21", "172.104.10.22"),
                    List.of(new DeployedApp(App.WEB, "http://www.dyll.in/", true),
                            new DeployedApp(App.GITEA, "http://git.dyll.in/", true)));
            case APPS_FAILED -> new AppsEvent.AppsFailed(CLUSTER, FailureReason.APPS_NOT_READY,
                    "nextcloud not ready after 600 s");
            case APPS_DELETED -> new AppsEvent.AppsDeleted(CLUSTER, Cause.DELETE, FailureReason.DELETED);
            case DNS_PUBLISHED -> {
                Map<String, List<String>> records = new LinkedHashMap<>();
                records.put("dyll.in", List.of("172.104.10.21", "172.104.10.22", "172.104.10.23"));
                records.put("www.dyll.in", List.of("172.104.10.21", "172.104.10.22", "172.104.10.23"));
                yield new DnsEvent.DnsPublished(CLUSTER, records);
            }
            case DNS_FAILED -> new DnsEvent.DnsFailed(CLUSTER, FailureReason.LINODE_REJECTED,
                    "domain dyll.in: Domain already exists");
            case DNS_ADDRESS_WITHDRAWN -> new DnsEvent.DnsAddressWithdrawn(CLUSTER, 2, "172.104.10.22",
                    FailureReason.NODE_NOT_READY);
            case DNS_ADDRESS_RESTORED -> new DnsEvent.DnsAddressRestored(CLUSTER, 2, "172.104.10.22");
            case DNS_RECORDS_DELETED -> new DnsEvent.DnsRecordsDeleted(CLUSTER, Cause.DELETE,
                    FailureReason.DELETED);
            case DNS_NODES_WITHDRAWN -> {
                Map<String, List<String>> records = new LinkedHashMap<>();
                records.put("dyll.in", List.of("172.104.10.21", "172.104.10.22", "172.104.10.23"));
                records.put("www.dyll.in", List.of("172.104.10.21", "172.104.10.22", "172.104.10.23"));
                yield new DnsEvent.DnsNodesWithdrawn(CLUSTER, List.of(4, 5), List.of("172.104.10.24", "172.104.10.25"),
                        records);
            }
            case CLUSTER_NODES_DRAINED -> new K8sEvent.ClusterNodesDrained(CLUSTER, List.of(4, 5), List.of(
                    CLUSTER + "-4-master", CLUSTER + "-4-worker", CLUSTER + "-5-master", CLUSTER + "-5-worker"), 3);
            case NETWORK_NODES_DETACHED -> new NetworkEvent.NetworkNodesDetached(CLUSTER, List.of(4, 5), plan);
            case LXC_NODES_RELEASED -> new LxcEvent.LxcNodesReleased(CLUSTER, List.of(4, 5));
            case NODES_REMOVED -> new ProvisionerEvent.NodesRemoved(CLUSTER, List.of(4, 5), List.of(40004L, 40005L));
            case NODE_REPAIR_STARTED -> new ProvisionerEvent.NodeRepairStarted(CLUSTER, 1,
                    ProvisionerEvent.Repair.REPLACE, 40001, "linode_delete finished (event 90211)");
            case NODE_REPAIRED -> new ProvisionerEvent.NodeRepaired(CLUSTER, 1, ProvisionerEvent.Repair.REPLACE,
                    40001, 412.5);
            case NODE_REPAIR_FAILED -> new ProvisionerEvent.NodeRepairFailed(CLUSTER, 1,
                    ProvisionerEvent.Repair.REPLACE, FailureReason.LINODE_CREATE_REJECTED,
                    "POST /linode/instances answered 400: type: The Linode type is not available");
        };
    }

    private Samples() {
    }
}
