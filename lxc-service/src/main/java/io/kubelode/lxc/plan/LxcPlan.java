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
 * @param master       the control-plane container, role {@value #MASTER}
 * @param worker       the worker container, role {@value #WORKER}
 * @param profile      the cluster's LXD profile
 * @param bridge       the LXD bridge of the node's container subnet
 * @param bridgeCidr   the bridge's address with the subnet's prefix, e.g. {@code 10.100.1.1/24}
 * @param gateway      the containers' default gateway (the bridge address)
 * @param prefix       prefix length of the container subnet
 */
public record LxcPlan(String clusterId, int node, ContainerPlan master, ContainerPlan worker, String profile,
                      String bridge, String bridgeCidr, String gateway, int prefix) {

    /** Role of the control-plane container (its LXD label {@code user.kubelode.role}). */
    public static final String MASTER = "master";
    /** Role of the worker container. */
    public static final String WORKER = "worker";
    /** Size of each container's id range: 10M ids. */
    public static final long RANGE_SIZE = 10_000_000;
    /**
     * First host id of the control-plane container's range; the worker's follows it, disjoint. Far above
     * what a stock Debian 12 host hands out: Debian's per-user defaults (100000 + n*65536) and, once the lxd
     * package is installed, {@code root:100000:10000001} and {@code _lxd:100000:10000001}, the range LXD
     * maps containers without an isolated map into (seen on the real hosts: ranges starting at 10M
     * overlapped it).
     */
    public static final long MASTER_RANGE_START = 1_000_000_000;
    /** First host id of the worker container's range. */
    public static final long WORKER_RANGE_START = MASTER_RANGE_START + RANGE_SIZE;
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
                new ContainerPlan(prefix + "-master", MASTER, addresses.masterAddress(), MASTER_RANGE_START,
                        RANGE_SIZE),
                new ContainerPlan(prefix + "-worker", WORKER, addresses.workerAddress(), WORKER_RANGE_START,
                        RANGE_SIZE),
                "kubelode-" + clusterId, BRIDGE, addresses.bridgeAddress() + "/" + subnet.prefix(),
                addresses.bridgeAddress(), subnet.prefix());
    }

    /** Both containers, master first. */
    public List<ContainerPlan> containers() {
        return List.of(master, worker);
    }
}
