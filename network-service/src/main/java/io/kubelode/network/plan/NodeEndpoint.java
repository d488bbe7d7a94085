package io.kubelode.network.plan;

import io.kubelode.events.plan.Cidr;

/**
 * Where a node is on the underlay.
 *
 * @param node        1-based node index
 * @param publicIpv4  the address the home server reaches the node on
 * @param privateIpv4 the address the other nodes send the mesh's encrypted UDP to
 */
public record NodeEndpoint(int node, String publicIpv4, String privateIpv4) {
    public NodeEndpoint {
        Cidr.parseAddress(publicIpv4);
        Cidr.parseAddress(privateIpv4);
    }
}
