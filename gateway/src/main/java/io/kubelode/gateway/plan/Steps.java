package io.kubelode.gateway.plan;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.plan.LinodeNames;
import io.kubelode.events.plan.NodeAddresses;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.gateway.plan.DryRun.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The steps of the forward chain for a spec, layer by layer, in the order the saga runs them. */
final class Steps {
    private Steps() {
    }

    static List<Step> of(String id, ClusterSpec spec, AddressPlan plan) {
        List<Step> out = new ArrayList<>();
        for (NodeAddresses n : plan.nodes()) {
            String label = LinodeNames.instanceLabel(id, n.node());
            add(out, "provisioner", n.node(), "create the Linode instance",
                    "POST /v4/linode/instances {label: " + label + ", region: " + spec.region() + ", type: "
                            + spec.nodeType() + ", image: " + spec.image() + ", tags: [" + LinodeNames.TAG + ", "
                            + LinodeNames.clusterTag(id) + "]}");
            add(out, "provisioner", n.node(), "apply the base role over SSH (pinned host key)",
                    "debugging and SELinux tools; what LXD needs (packages, sysctls, kernel modules)");
        }
        for (NodeAddresses n : plan.nodes()) {
            add(out, "lxc", n.node(), "create two unprivileged system containers",
                    id + "-" + n.node() + "-master (" + n.masterAddress() + ") and " + id + "-"
                            + n.node() + "-worker (" + n.workerAddress() + ") on bridge "
                            + n.bridgeAddress() + " (" + n.containerSubnet() + "), each root mapped to an id range"
                            + " of its own");
        }
        add(out, "network", null, "join every node to the WireGuard mesh " + plan.meshCidr(),
                plan.nodes().stream().map(n -> "node " + n.node() + " " + n.meshAddress())
                        .collect(Collectors.joining(", ")));
        add(out, "network", null, "route container and pod ranges through the mesh",
                "containers " + plan.containerCidr() + ", pods " + plan.clusterCidr() + ", services "
                        + plan.serviceCidr());
        if (spec.homePeer() != null) {
            add(out, "network", null, "tunnel to the home server for backups",
                    "peer " + spec.homePeer().endpoint() + " at " + plan.homeMeshAddress() + ", TCP port "
                            + spec.homePeer().backupPort() + " only");
        }
        add(out, "k8s", 1, "bootstrap the first control plane (stacked etcd, KubeletInUserNamespace)",
                "kubeadm init --kubernetes-version " + spec.kubernetesVersion() + " in " + id + "-1-master,"
                        + " pod CIDR " + plan.clusterCidr() + ", service CIDR " + plan.serviceCidr());
        for (NodeAddresses n : plan.nodes()) {
            if (n.node() > 1) {
                add(out, "k8s", n.node(), "join a control plane", "kubeadm join --control-plane in " + id + "-"
                        + n.node() + "-master");
            }
        }
        for (NodeAddresses n : plan.nodes()) {
            add(out, "k8s", n.node(), "join a worker", "kubeadm join in " + id + "-" + n.node() + "-worker");
        }
        spec.apps().forEach(a -> add(out, "apps", null, "deploy " + a.id() + " with an Ingress on every node",
                "https://" + spec.hostOf(a) + "/"));
        add(out, "dns", null, "publish round-robin A records", spec.domain() + " and " + spec.apps().size()
                + " app host(s), one record per node address, TTL " + DryRun.DNS_TTL + " s");
        return out;
    }

    private static void add(List<Step> out, String layer, Integer node, String action, String command) {
        out.add(new Step(out.size() + 1, layer, node, action, command));
    }
}
