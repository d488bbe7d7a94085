package io.kubelode.events.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The addresses of one node, fixed by its index so that a scale-up never renumbers a node.
 *
 * @param node            1-based node index
 * @param containerSubnet the bridge subnet of the node's two containers
 * @param bridgeAddress   the host's address on that bridge: the containers' gateway
 * @param masterAddress   the control-plane container's address
 * @param workerAddress   the worker container's address
 * @param podCidr         every pod address on this node (both containers' pod ranges)
 * @param masterPodCidr   the pod range of the control-plane container's kubelet
 * @param workerPodCidr   the pod range of the worker container's kubelet
 * @param meshAddress     the node's address on the WireGuard mesh
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeAddresses(int node, String containerSubnet, String bridgeAddress, String masterAddress,
                            String workerAddress, String podCidr, String masterPodCidr, String workerPodCidr,
                            String meshAddress) {
}
