package io.kubelode.events;

import java.util.List;

/** Kafka topic names: one topic per producing service, every record keyed by cluster id. */
public final class Topics {
    /** Written by the gateway: cluster requests, deletes and scale requests. */
    public static final String GATEWAY = "kubelode.gateway";
    /** Written by the provisioner-service: Linode instances with the base role applied. */
    public static final String PROVISIONER = "kubelode.provisioner";
    /** Written by the lxc-service: the two unprivileged system containers per node. */
    public static final String LXC = "kubelode.lxc";
    /** Written by the network-service: address plan, mesh and routes. */
    public static final String NETWORK = "kubelode.network";
    /** Written by the k8s-service: the HA control plane and joined workers. */
    public static final String K8S = "kubelode.k8s";
    /** Written by the apps-service: the person's applications. */
    public static final String APPS = "kubelode.apps";
    /** Written by the dns-service: round-robin A records. */
    public static final String DNS = "kubelode.dns";

    /** Every event topic, in forward-chain order. */
    public static final List<String> ALL = List.of(GATEWAY, PROVISIONER, LXC, NETWORK, K8S, APPS, DNS);

    /** Partitions each event topic is created with. */
    public static final int PARTITIONS = 6;

    private Topics() {
    }
}
