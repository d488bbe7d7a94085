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

    /** Why a node of a Ready cluster is being repaired. */
    enum Repair {
        /**
         * The instance rebooted (Linode's maintenance, Lassie, a person): every layer checks its part of
         * the node and re-applies what drifted, with the same steps that made it.
         */
        REBOOT,
        /**
         * The instance is gone or stayed down longer than the configured time: the old instance is
         * deleted (its label freed), a new one with the same label, address plan and keys takes its
         * place, and every layer builds its part of it again; its old etcd member is removed first.
         */
        REPLACE
    }

    /**
     * The watch saw a node of a Ready cluster rebooted or lost, and its repair begins. The cluster is
     * {@code Repairing} until DNS is published again; it keeps serving on its other nodes meanwhile.
     *
     * @param node     1-based node index
     * @param linodeId the instance the watch saw (the lost one, for a replacement)
     * @param cause    what the watch saw, e.g. {@code linode_delete finished (event 123)} or
     *                 {@code unreachable for PT10M}; also the key that makes one Linode event start one repair
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodeRepairStarted(String clusterId, int node, Repair repair, long linodeId, String cause)
            implements ProvisionerEvent {
    }

    /**
     * A repair reached Ready: every layer reported for the repaired node again and DNS is published.
     *
     * @param seconds from the repair's start to DNS published again
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodeRepaired(String clusterId, int node, Repair repair, long linodeId, double seconds)
            implements ProvisionerEvent {
    }

    /**
     * A repair could not be done (not a saga failure: nothing of the cluster is rolled back). The
     * cluster is {@code Degraded}: it serves on its other nodes, and the person is needed.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NodeRepairFailed(String clusterId, int node, Repair repair, FailureReason reason, String message)
            implements ProvisionerEvent {
    }
}
