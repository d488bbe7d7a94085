package io.kubelode.gateway.view;

import io.kubelode.events.Topics;

/** The layers of a cluster, bottom up, with the condition type each reports per node and per cluster. */
public enum Layer {
    INSTANCE("InstanceReady", Topics.PROVISIONER),
    CONTAINERS("ContainersReady", Topics.LXC),
    NETWORK("NetworkRouted", Topics.NETWORK),
    KUBERNETES("KubernetesJoined", Topics.K8S),
    APPS("AppsDeployed", Topics.APPS),
    DNS("DnsPublished", Topics.DNS);

    private final String conditionType;
    private final String topic;

    Layer(String conditionType, String topic) {
        this.conditionType = conditionType;
        this.topic = topic;
    }

    /** The condition type of this layer. */
    public String conditionType() {
        return conditionType;
    }

    /** The topic the layer's service writes. */
    public String topic() {
        return topic;
    }
}
