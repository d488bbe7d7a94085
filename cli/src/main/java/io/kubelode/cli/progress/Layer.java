package io.kubelode.cli.progress;

/** The layers of a cluster, bottom up, as their topics name them. */
public enum Layer {
    INSTANCE("instance", "kubelode.provisioner", true),
    CONTAINERS("containers", "kubelode.lxc", true),
    NETWORK("network", "kubelode.network", false),
    KUBERNETES("kubernetes", "kubelode.k8s", false),
    APPS("apps", "kubelode.apps", false),
    DNS("dns", "kubelode.dns", false);

    private final String label;
    private final String topic;
    private final boolean perNode;

    Layer(String label, String topic, boolean perNode) {
        this.label = label;
        this.topic = topic;
        this.perNode = perNode;
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
