package io.kubelode.gateway.view;

import java.util.List;

/**
 * One node of a cluster: where it is, and one condition per layer.
 *
 * @param node        1-based index
 * @param label       Linode label, once provisioned
 * @param linodeId    Linode instance id, once provisioned: the latest NodeProvisioned's (a replaced node's new one)
 * @param publicIpv4  public address, once provisioned (a replaced node's new one)
 * @param privateIpv4 private address, once provisioned
 * @param conditions  one per {@link Layer}, bottom up
 */
public record NodeView(int node, String label, Long linodeId, String publicIpv4, String privateIpv4,
                       List<Condition> conditions) {
}
