package io.kubelode.network.plan;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.plan.Cidr;
import io.kubelode.events.plan.NodeAddresses;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the address plan, where the nodes are and their public keys into every node's network:
 * a full WireGuard mesh over the nodes' private addresses, routes for every other node's
 * container subnet and pod range through it, and the way home, through node 1, confined to home's backup port.
 * Pure: no I/O, same input, same output.
 */
public final class NetworkPlanner {
    /** The mesh interface on every node. */
    public static final String INTERFACE = "kl-mesh";
    /** The UDP port every node's mesh interface listens on. */
    public static final int LISTEN_PORT = 51820;
    /**
     * The node that peers with home: node 1, the one node every cluster has, whatever its size. The
     * backups are pushed from pods on every node to the rsync daemon at home; the other nodes send
     * them through the mesh to node 1, which forwards them to home from its own mesh address
     * ({@link HomeGuard}), so the home server keeps a single peer.
     */
    public static final int BACKUP_NODE = 1;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private NetworkPlanner() {
    }

    /**
     * The network of the cluster.
     *
     * @param endpoints  every node's underlay addresses, by node index
     * @param publicKeys every node's WireGuard public key, by node index
     */
    public static ClusterNetwork plan(String clusterId, ClusterSpec spec, AddressPlan plan,
                                      Map<Integer, NodeEndpoint> endpoints, Map<Integer, String> publicKeys) {
        HomeGuard backup = backupOf(spec, plan);
        List<NodeNetwork> nodes = new ArrayList<>();
        for (NodeAddresses self : plan.nodes()) {
            nodes.add(node(clusterId, spec, plan, self, endpoints, publicKeys, backup));
        }
        return new ClusterNetwork(clusterId, plan, backup, nodes);
    }

    private static NodeNetwork node(String clusterId, ClusterSpec spec, AddressPlan plan, NodeAddresses self,
                                    Map<Integer, NodeEndpoint> endpoints, Map<Integer, String> publicKeys,
                                    HomeGuard backup) {
        List<MeshPeer> peers = new ArrayList<>();
        List<String> meshRoutes = new ArrayList<>();
        for (NodeAddresses other : plan.nodes()) {
            if (other.node() == self.node()) {
                continue;
            }
            NodeEndpoint where = required(endpoints.get(other.node()), "underlay address", other.node());
            List<String> allowed = new ArrayList<>(List.of(other.meshAddress() + "/32", other.containerSubnet(),
                    other.podCidr()));
            if (backup != null && other.node() == BACKUP_NODE) {
                allowed.add(backup.homeAddress() + "/32"); // home, through the node that peers with it
            }
            peers.add(new MeshPeer("node-" + other.node(), key(publicKeys.get(other.node()), other.node()),
                    where.privateIpv4(), LISTEN_PORT, allowed));
            meshRoutes.add(other.containerSubnet());
            meshRoutes.add(other.podCidr());
        }
        HomeGuard home = backup != null && self.node() == BACKUP_NODE ? backup : null;
        if (home != null) {
            peers.add(homePeer(spec.homePeer(), plan));
        }
        int meshPrefix = Cidr.parse(plan.meshCidr()).prefix();
        return new NodeNetwork(clusterId, self.node(), self.meshAddress() + "/" + meshPrefix,
                key(publicKeys.get(self.node()), self.node()), LISTEN_PORT, peers, meshRoutes,
                List.of(new NodeNetwork.PodRoute(self.masterPodCidr(), self.masterAddress()),
                        new NodeNetwork.PodRoute(self.workerPodCidr(), self.workerAddress())),
                List.of(plan.containerCidr(), plan.clusterCidr()), home,
                new NodeNetwork.PublicFront(required(endpoints.get(self.node()), "underlay address", self.node())
                        .publicIpv4(), self.workerAddress(), self.masterAddress()));
    }

    private static HomeGuard backupOf(ClusterSpec spec, AddressPlan plan) {
        if (spec.homePeer() == null || plan.homeMeshAddress() == null) {
            return null;
        }
        return new HomeGuard(plan.homeMeshAddress(), spec.homePeer().backupPort());
    }

    private static MeshPeer homePeer(HomePeer home, AddressPlan plan) {
        String host = null;
        int port = LISTEN_PORT;
        if (home.endpoint() != null && !home.endpoint().isBlank()) {
            int colon = home.endpoint().lastIndexOf(':');
            host = colon < 0 ? home.endpoint() : home.endpoint().substring(0, colon);
            if (colon >= 0) {
                port = Integer.parseInt(home.endpoint().substring(colon + 1));
            }
            if (!HOST.matcher(host).matches() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("the home peer's endpoint is not host:port");
            }
        }
        if (!MeshKey.isKey(home.publicKey())) {
            throw new IllegalArgumentException("the home peer's public key is not a WireGuard key");
        }
        return new MeshPeer("home", home.publicKey(), host, port, List.of(plan.homeMeshAddress() + "/32"));
    }

    private static String key(String key, int node) {
        if (!MeshKey.isKey(key)) {
            throw new IllegalArgumentException("node " + node + " has no WireGuard public key");
        }
        return key;
    }

    private static <T> T required(T value, String what, int node) {
        if (value == null) {
            throw new IllegalArgumentException("node " + node + " has no " + what);
        }
        return value;
    }
}
