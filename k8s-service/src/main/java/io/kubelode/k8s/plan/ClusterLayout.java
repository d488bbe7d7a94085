package io.kubelode.k8s.plan;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.k8s.pki.SubjectAltNames;
import io.kubelode.k8s.plan.kubeadm.Kubeadm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the k8s layer builds on: the cluster's address plan (the network layer's numbers), the
 * nodes with their containers, and the Kubernetes version.
 *
 * @param kubernetesVersion {@code 1.x.y}
 * @param domain            the spec's domain, whose apex answers with every node's public address (the
 *                          DNS layer's round-robin records): the name the person's kubeconfig dials
 */
public record ClusterLayout(String clusterId, String kubernetesVersion, AddressPlan plan, List<ClusterNode> nodes,
                            String domain) {
    /**
     * The oldest minor whose kubeadm reads {@code v1beta4}: what this layer can still operate (scale,
     * repair) for a cluster created before the spec's floor moved. New clusters start at the spec's
     * floor, {@code SpecValidator.MIN_K8S_MINOR}, the oldest minor upstream still patches.
     */
    public static final int OLDEST_MINOR = 31;
    private static final Pattern VERSION = Pattern.compile("1\\.(\\d+)\\.(\\d+)");

    public ClusterLayout {
        nodes = nodes.stream().sorted(Comparator.comparingInt(ClusterNode::node)).toList();
        Matcher m = VERSION.matcher(kubernetesVersion);
        if (!m.matches() || Integer.parseInt(m.group(1)) < OLDEST_MINOR) {
            throw new IllegalArgumentException("Kubernetes " + kubernetesVersion + " is not supported: kubelode "
                    + "needs 1." + OLDEST_MINOR + ".0 or later (kubeadm config v1beta4)");
        }
    }

    /** {@code 1.x}: the pkgs.k8s.io repository of the version. */
    public String minor() {
        return kubernetesVersion.substring(0, kubernetesVersion.lastIndexOf('.'));
    }

    /** The name every container resolves to its own local load balancer. */
    public String endpointName() {
        return "api." + clusterId + ".kubelode.internal";
    }

    /** {@code controlPlaneEndpoint}: the local load balancer in every container, on its own port. */
    public String controlPlaneEndpoint() {
        return endpointName() + ":" + Kubeadm.BALANCER_PORT;
    }

    /** The first node: where {@code kubeadm init} runs. */
    public ClusterNode first() {
        return nodes.get(0);
    }

    /** The node with index {@code n}. */
    public ClusterNode node(int n) {
        return nodes.stream().filter(c -> c.node() == n).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + n + " in " + clusterId));
    }

    /**
     * Every name the API server certificate must carry: each control plane's node name and
     * advertise address, the {@code kubernetes} service's names and address, the endpoint name
     * (what kubeadm's control-plane join checks, see k8s-service/README.md), and the public and
     * container addresses and the domain clients dial.
     */
    public SubjectAltNames subjectAltNames() {
        List<String> containers = new ArrayList<>();
        nodes.forEach(n -> {
            containers.add(n.masterAddress());
            containers.add(n.workerAddress());
        });
        SubjectAltNames names = SubjectAltNames.of(nodes.stream().map(ClusterNode::masterName).toList(),
                nodes.stream().map(ClusterNode::publicIpv4).toList(),
                containers, plan.kubernetesServiceAddress(), endpointName());
        return domain == null ? names : names.withDnsName(domain);
    }
}
