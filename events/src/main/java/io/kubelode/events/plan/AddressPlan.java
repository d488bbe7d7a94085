package io.kubelode.events.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kubelode.events.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The address plan of a cluster: a pure function of the spec, so the lxc, network and k8s layers
 * all derive the very same numbers. Four sibling blocks are taken from 10.0.0.0/8 at the first
 * base that overlaps neither Linode's private range nor the person's home LAN:
 * containers {@code 10.b.0.0/16}, pods {@code 10.b+1.0.0/16}, services {@code 10.b+2.0.0/16},
 * mesh {@code 10.b+3.0.0/24}. Node {@code n} owns the {@code n}-th /24 of the container and pod
 * blocks and mesh address {@code .n}; the home peer has mesh address {@code .254}.
 *
 * @param containerCidr  every container subnet
 * @param clusterCidr    every pod range (kube-controller-manager's cluster CIDR)
 * @param serviceCidr    the Kubernetes service range
 * @param meshCidr       the WireGuard mesh
 * @param homeMeshAddress the home peer's mesh address, or {@code null} without a home peer
 * @param homeLanCidr    the home LAN as given in the spec, or {@code null}
 * @param nodes          one entry per node, in index order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AddressPlan(String containerCidr, String clusterCidr, String serviceCidr, String meshCidr,
                          String homeMeshAddress, String homeLanCidr, List<NodeAddresses> nodes) {

    /** Linode's private network, shared with other customers of the data centre. */
    public static final Cidr LINODE_PRIVATE = Cidr.parse("192.168.128.0/17");
    /** The most nodes one plan numbers (one /24 each, mesh addresses .1 to .250). */
    public static final int MAX_NODES = 250;
    /** Prefix length of each kubelet's pod range. */
    public static final int NODE_POD_PREFIX = 25;

    private static final int FIRST_BASE = 100;
    private static final int HOME_MESH_HOST = 254;

    public AddressPlan {
        nodes = List.copyOf(nodes);
    }

    /** The plan for the spec's node count. */
    public static AddressPlan of(ClusterSpec spec) {
        return of(spec, spec.nodes());
    }

    /** The plan for {@code nodeCount} nodes of the spec; node {@code n}'s numbers never depend on the count. */
    public static AddressPlan of(ClusterSpec spec, int nodeCount) {
        if (nodeCount < 1 || nodeCount > MAX_NODES) {
            throw new IllegalArgumentException("a plan numbers 1.." + MAX_NODES + " nodes, not " + nodeCount);
        }
        Cidr home = spec.homePeer() == null || spec.homePeer().lanCidr() == null
                ? null : Cidr.parse(spec.homePeer().lanCidr());
        int base = baseAvoiding(home);
        Cidr containers = block(base, 16);
        Cidr pods = block(base + 1, 16);
        Cidr services = block(base + 2, 16);
        Cidr mesh = block(base + 3, 24);
        List<NodeAddresses> nodes = new ArrayList<>(nodeCount);
        for (int n = 1; n <= nodeCount; n++) {
            Cidr subnet = containers.subnet(24, n);
            Cidr podRange = pods.subnet(24, n);
            nodes.add(new NodeAddresses(n, subnet.toString(), subnet.address(1), subnet.address(2),
                    subnet.address(3), podRange.toString(), podRange.subnet(NODE_POD_PREFIX, 0).toString(),
                    podRange.subnet(NODE_POD_PREFIX, 1).toString(), mesh.address(n)));
        }
        return new AddressPlan(containers.toString(), pods.toString(), services.toString(), mesh.toString(),
                home == null ? null : mesh.address(HOME_MESH_HOST), home == null ? null : home.toString(), nodes);
    }

    /** The addresses of node {@code n} (1-based). */
    public NodeAddresses node(int n) {
        return nodes.stream().filter(a -> a.node() == n).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the plan has no node " + n));
    }

    /** The address of the first Kubernetes service, the API server's in-cluster address. */
    public String kubernetesServiceAddress() {
        return Cidr.parse(serviceCidr).address(1);
    }

    /** The address of the cluster DNS service (tenth of the service range, as kubeadm defaults). */
    public String clusterDnsAddress() {
        return Cidr.parse(serviceCidr).address(10);
    }

    private static int baseAvoiding(Cidr home) {
        for (int base = FIRST_BASE; base + 3 <= 255; base += 4) {
            Cidr all = new Cidr(Cidr.parseAddress("10." + base + ".0.0"), 14);
            if (!all.overlaps(LINODE_PRIVATE) && (home == null || !all.overlaps(home))) {
                return base;
            }
        }
        for (int base = 4; base < FIRST_BASE; base += 4) {
            Cidr all = new Cidr(Cidr.parseAddress("10." + base + ".0.0"), 14);
            if (home == null || !all.overlaps(home)) {
                return base;
            }
        }
        throw new IllegalArgumentException("the home LAN " + home + " leaves no room in 10.0.0.0/8");
    }

    private static Cidr block(int secondOctet, int prefix) {
        return new Cidr(Cidr.parseAddress("10." + secondOctet + ".0.0"), prefix);
    }
}
