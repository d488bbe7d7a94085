package io.kubelode.network.plan;

import java.util.List;

/**
 * One WireGuard peer of a node's mesh interface.
 *
 * @param label        {@code node-<n>} or {@code home}, for comments
 * @param publicKey    the peer's base64 public key
 * @param endpointHost IPv4 or host name, or {@code null} when the peer only calls in
 * @param endpointPort UDP port of the endpoint
 * @param allowedIps   what the peer may send from and is routed to through it
 */
public record MeshPeer(String label, String publicKey, String endpointHost, int endpointPort,
                       List<String> allowedIps) {
    public MeshPeer {
        allowedIps = List.copyOf(allowedIps);
    }
}
