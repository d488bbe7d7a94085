package io.kubelode.cli.progress;

import io.kubelode.events.Topics;

/** The layers of a cluster, bottom up, as their topics name them. */
public enum Layer {
    INSTANCE("instance", Topics.PROVISIONER, true, "provisioner-service"),
    CONTAINERS("containers", Topics.LXC, true, "lxc-service"),
    NETWORK("network", Topics.NETWORK, false, "network-service"),
    KUBERNETES("kubernetes", Topics.K8S, false, "k8s-service"),
    APPS("apps", Topics.APPS, false, "apps-service"),
    DNS("dns", Topics.DNS, false, "dns-service");

    private final String label;
    private final String topic;
    private final boolean perNode;
    private final String service;

    Layer(String label, String topic, boolean perNode, String service) {
        this.label = label;
        this.topic = topic;
        this.perNode = perNode;
        this.service = service;
    }

    /** The service that does this layer's work. */
    public String service() {
        return service;
    }

    public String label() {
        return label;
    }

    /** Whether the layer works node by node (otherwise it does all nodes at once). */
    public boolean perNode() {
        return perNode;
    }

    /** The layer below, or null for the first. */
    public Layer below() {
        return ordinal() == 0 ? null : values()[ordinal() - 1];
    }

    /** The layer whose service writes the topic, or null (the gateway's own topic). */
    public static Layer ofTopic(String topic) {
        for (Layer l : values()) {
            if (l.topic.equals(topic)) {
                return l;
            }
        }
        return null;
    }
}
