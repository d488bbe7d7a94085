package io.kubelode.network.plan;

import java.util.List;

/**
 * The network configuration of one node: what the apply script makes true.
 *
 * @param clusterId     the cluster, for ownership comments
 * @param node          1-based node index
 * @param meshAddress   the node's address on the mesh, with the mesh's prefix ({@code 10.103.0.1/24})
 * @param publicKey     the node's WireGuard public key
 * @param listenPort    the UDP port of the node's mesh interface
 * @param peers         every other node, and the home server on the backup node
 * @param meshRoutes    every other node's container subnet and pod range, through the mesh interface
 * @param podRoutes     this node's pod ranges, through the container whose kubelet owns them
 * @param clusterRanges the container and pod blocks: unreachable (never leaked to the default route)
 *                      when no more specific route exists, and guarded against the underlay
 * @param home          the home peer's confinement on this node, or {@code null}
 * @param front         what the world reaches on the node's public address
 */
public record NodeNetwork(String clusterId, int node, String meshAddress, String publicKey, int listenPort,
                          List<MeshPeer> peers, List<String> meshRoutes, List<PodRoute> podRoutes,
                          List<String> clusterRanges, HomeGuard home, PublicFront front) {

    public NodeNetwork {
        peers = List.copyOf(peers);
        meshRoutes = List.copyOf(meshRoutes);
        podRoutes = List.copyOf(podRoutes);
        clusterRanges = List.copyOf(clusterRanges);
    }

    /**
     * A local pod range routed to the container that runs its kubelet.
     *
     * @param cidr the pod range
     * @param via  the container's address on the node's bridge
     */
    public record PodRoute(String cidr, String via) {
    }

    /**
     * The node's public address and where its public ports lead: 80 and 443 (the ingress every
     * app URL and the round-robin DNS rely on) to the worker container, 6443 (the Kubernetes API)
     * to the control-plane container. Besides those only SSH and the mesh's WireGuard port answer
     * on the public address; everything else sent to it is dropped.
     *
     * @param address the node's public IPv4
     * @param worker  the worker container's address on the node's bridge
     * @param master  the control-plane container's address on the node's bridge
     */
    public record PublicFront(String address, String worker, String master) {
        /** Forwarded to the worker container: the ingress controller's host ports. */
        public static final List<Integer> INGRESS_PORTS = List.of(80, 443);
        /** Forwarded to the control-plane container: kube-apiserver. */
        public static final int API_PORT = 6443;
        /** The node's own sshd. */
        public static final int SSH_PORT = 22;
    }
}
