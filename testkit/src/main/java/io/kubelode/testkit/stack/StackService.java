package io.kubelode.testkit.stack;

import java.util.List;

/** The processes of a {@link LocalStack} besides the broker, in start order (as {@code ./kubelode up}). */
public enum StackService {
    SANDBOX("sandbox"),
    PROVISIONER("provisioner-service"),
    LXC("lxc-service"),
    NETWORK("network-service"),
    K8S("k8s-service"),
    APPS("apps-service"),
    DNS("dns-service"),
    GATEWAY("gateway");

    private final String module;

    StackService(String module) {
        this.module = module;
    }

    /** The Maven module (folder) of the service; its jar is {@code <module>/target/quarkus-app/quarkus-run.jar}. */
    public String module() {
        return module;
    }

    /** The saga's services: every process but the sandbox (the stand-in for Linode) and the gateway. */
    public static List<StackService> sagaServices() {
        return List.of(PROVISIONER, LXC, NETWORK, K8S, APPS, DNS);
    }

    @Override
    public String toString() {
        return module;
    }
}
