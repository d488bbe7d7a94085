package io.kubelode.lxc.plan;

import io.kubelode.events.plan.Cidr;
import io.kubelode.events.plan.NodeAddresses;
import java.util.List;

/**
 * What the lxc layer makes on one node: a pure function of the cluster id and the node's
 * addresses in the address plan, so a redelivered event, a restart or the compensation all
 * name the very same things.
 *
 * @param clusterId    the cluster
 * @param node         1-based node index
 * @param master       the control-plane container, owned by {@value #MASTER_USER}
 * @param worker       the worker container, owned by {@value #WORKER_USER}
 * @param profile      the cluster's LXD profile
 * @param bridge       the LXD bridge of the node's container subnet
 * @param bridgeCidr   the bridge's address with the subnet's prefix, e.g. {@code 10.100.1.1/24}
 * @param gateway      the containers' default gateway (the bridge address)
 * @param prefix       prefix length of the container subnet
 */
public record LxcPlan(String clusterId, int node, ContainerPlan master, ContainerPlan worker, String profile,
                      String bridge, String bridgeCidr, String gateway, int prefix) {

    /** Owner of the control-plane containers (created by the provisioner's base role). */
    public static final String MASTER_USER = "k8-master";
    /** Owner of the worker containers (created by the provisioner's base role). */
    public static final String WORKER_USER = "k8-worker";
    /** The LXD bridge on every node; one cluster per node, so one name suffices. */
    public static final String BRIDGE = "kubelode0";
    /** The LXD storage pool (directory driver: works on any file system, including nested). */
    public static final String POOL = "kubelode";
    /** Alias of the Debian 12 image the containers are made from. */
    public static final String IMAGE_ALIAS = "kubelode-debian-12";
    /** Where a node keeps the image's root file system; debootstrapped there when absent. */
    public static final String IMAGE_TARBALL = "/var/cache/kubelode/debian-12-rootfs.tar.gz";

    /** The plan of node {@code addresses.node()} of the cluster. */
    public static LxcPlan of(String clusterId, NodeAddresses addresses) {
        int n = addresses.node();
        Cidr subnet = Cidr.parse(addresses.containerSubnet());
        if (!subnet.contains(addresses.bridgeAddress()) || !subnet.contains(addresses.masterAddress())
                || !subnet.contains(addresses.workerAddress())) {
            throw new IllegalArgumentException("node " + n + "'s addresses are outside " + subnet);
        }
        String prefix = clusterId + "-" + n;
        return new LxcPlan(clusterId, n,
                new ContainerPlan(prefix + "-master", MASTER_USER, addresses.masterAddress()),
                new ContainerPlan(prefix + "-worker", WORKER_USER, addresses.workerAddress()),
                "kubelode-" + clusterId, BRIDGE, addresses.bridgeAddress() + "/" + subnet.prefix(),
                addresses.bridgeAddress(), subnet.prefix());
    }

    /** Both containers, master first. */
    public List<ContainerPlan> containers() {
        return List.of(master, worker);
    }
}
