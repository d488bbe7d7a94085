package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Events on {@link Topics#PROVISIONER}: Linode instances with the base role applied. */
public sealed interface ProvisionerEvent extends KubelodeEvent {

    /**
     * One node is running, reachable over SSH with the pinned host key, and has its base role.
     *
     * @param node               1-based node index
     * @param label              Linode label, {@code <cluster>-<node>}
     * @param linodeId           Linode instance id
     * @param publicIpv4         public IPv4 address (SSH target)
     * @param privateIpv4        private IPv4 address in 192.168.128.0/17
     * @param sshPort            SSH port on the public address (22 on Linode)
     * @param hostKeyFingerprint SHA256 fingerprint of the pinned SSH host key
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodeProvisioned(String clusterId, int node, String label, long linodeId, String region,
                           String publicIpv4, String privateIpv4, int sshPort, String hostKeyFingerprint)
            implements ProvisionerEvent {
    }

    /** One node could not be provisioned; the provisioner rolls back every instance of the cluster. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodeProvisionFailed(String clusterId, int node, FailureReason reason, String message)
            implements ProvisionerEvent, Failure {
    }

    /** Every instance tagged with the cluster is gone: the end of a rollback or a teardown. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodesReleased(String clusterId, List<Long> deletedLinodeIds, Cause cause, FailureReason reason)
            implements ProvisionerEvent, Compensation {
    }

    /**
     * The end of a scale-down: the leaving nodes' instances are deleted; the cluster is Ready with
     * the remaining nodes. Not a compensation: the cluster stays.
     *
     * @param nodes            the leaving node indexes
     * @param deletedLinodeIds the instances deleted now (empty on a rerun)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodesRemoved(String clusterId, List<Integer> nodes, List<Long> deletedLinodeIds)
            implements ProvisionerEvent {
    }
}
