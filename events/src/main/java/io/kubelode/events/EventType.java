package io.kubelode.events;

import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.AppsFailed;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsFailed;
import io.kubelode.events.DnsEvent.DnsNodesWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.K8sEvent.ClusterJoinFailed;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.ClusterNodesDrained;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.LxcEvent.LxcFailed;
import io.kubelode.events.LxcEvent.LxcNodesReleased;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.NetworkEvent.NetworkFailed;
import io.kubelode.events.NetworkEvent.NetworkNodesDetached;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import java.util.Arrays;
import java.util.Optional;

/**
 * The wire name of every event: the CloudEvents {@code type}, a stable logical name with a
 * version, never a Java class name. Change a payload additively; a breaking change is a new
 * version beside the old one.
 */
public enum EventType {
    CLUSTER_REQUESTED("kubelode.cluster.requested.v1", ClusterRequested.class, Topics.GATEWAY),
    CLUSTER_DELETE_REQUESTED("kubelode.cluster.delete-requested.v1", ClusterDeleteRequested.class, Topics.GATEWAY),
    CLUSTER_SCALE_REQUESTED("kubelode.cluster.scale-requested.v1", ClusterScaleRequested.class, Topics.GATEWAY),
    NODE_PROVISIONED("kubelode.node.provisioned.v1", NodeProvisioned.class, Topics.PROVISIONER),
    NODE_PROVISION_FAILED("kubelode.node.provision-failed.v1", NodeProvisionFailed.class, Topics.PROVISIONER),
    NODES_RELEASED("kubelode.nodes.released.v1", NodesReleased.class, Topics.PROVISIONER),
    LXC_READY("kubelode.lxc.ready.v1", LxcReady.class, Topics.LXC),
    LXC_FAILED("kubelode.lxc.failed.v1", LxcFailed.class, Topics.LXC),
    LXC_RELEASED("kubelode.lxc.released.v1", LxcReleased.class, Topics.LXC),
    NETWORK_ROUTED("kubelode.network.routed.v1", NetworkRouted.class, Topics.NETWORK),
    NETWORK_FAILED("kubelode.network.failed.v1", NetworkFailed.class, Topics.NETWORK),
    NETWORK_RELEASED("kubelode.network.released.v1", NetworkReleased.class, Topics.NETWORK),
    CLUSTER_JOINED("kubelode.cluster.joined.v1", ClusterJoined.class, Topics.K8S),
    CLUSTER_JOIN_FAILED("kubelode.cluster.join-failed.v1", ClusterJoinFailed.class, Topics.K8S),
    CLUSTER_RESET("kubelode.cluster.reset.v1", ClusterReset.class, Topics.K8S),
    APPS_DEPLOYED("kubelode.apps.deployed.v1", AppsDeployed.class, Topics.APPS),
    APPS_FAILED("kubelode.apps.failed.v1", AppsFailed.class, Topics.APPS),
    APPS_DELETED("kubelode.apps.deleted.v1", AppsDeleted.class, Topics.APPS),
    DNS_PUBLISHED("kubelode.dns.published.v1", DnsPublished.class, Topics.DNS),
    DNS_FAILED("kubelode.dns.failed.v1", DnsFailed.class, Topics.DNS),
    DNS_ADDRESS_WITHDRAWN("kubelode.dns.address-withdrawn.v1", DnsAddressWithdrawn.class, Topics.DNS),
    DNS_ADDRESS_RESTORED("kubelode.dns.address-restored.v1", DnsAddressRestored.class, Topics.DNS),
    DNS_RECORDS_DELETED("kubelode.dns.records-deleted.v1", DnsRecordsDeleted.class, Topics.DNS),
    DNS_NODES_WITHDRAWN("kubelode.dns.nodes-withdrawn.v1", DnsNodesWithdrawn.class, Topics.DNS),
    CLUSTER_NODES_DRAINED("kubelode.cluster.nodes-drained.v1", ClusterNodesDrained.class, Topics.K8S),
    NETWORK_NODES_DETACHED("kubelode.network.nodes-detached.v1", NetworkNodesDetached.class, Topics.NETWORK),
    LXC_NODES_RELEASED("kubelode.lxc.nodes-released.v1", LxcNodesReleased.class, Topics.LXC),
    NODES_REMOVED("kubelode.nodes.removed.v1", NodesRemoved.class, Topics.PROVISIONER),
    NODE_REPAIR_STARTED("kubelode.node.repair-started.v1", NodeRepairStarted.class, Topics.PROVISIONER),
    NODE_REPAIRED("kubelode.node.repaired.v1", NodeRepaired.class, Topics.PROVISIONER),
    NODE_REPAIR_FAILED("kubelode.node.repair-failed.v1", NodeRepairFailed.class, Topics.PROVISIONER);

    private final String type;
    private final Class<? extends KubelodeEvent> payload;
    private final String topic;

    EventType(String type, Class<? extends KubelodeEvent> payload, String topic) {
        this.type = type;
        this.payload = payload;
        this.topic = topic;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    /** The record class of the payload. */
    public Class<? extends KubelodeEvent> payload() {
        return payload;
    }

    /** The topic the event is published on. */
    public String topic() {
        return topic;
    }

    /** The type of an event instance. */
    public static EventType of(KubelodeEvent event) {
        return Arrays.stream(values()).filter(t -> t.payload == event.getClass()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no wire type for " + event.getClass()));
    }

    /** The type with the given CloudEvents {@code type} attribute, if kubelode knows it. */
    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
