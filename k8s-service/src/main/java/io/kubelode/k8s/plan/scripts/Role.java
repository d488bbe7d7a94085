package io.kubelode.k8s.plan.scripts;

/** The two containers of a node. */
public enum Role {
    /** The control-plane container, labelled {@code user.kubelode.role=master} by the lxc layer. */
    MASTER("master", "control-plane"),
    /** The worker container, labelled {@code user.kubelode.role=worker}. */
    WORKER("worker", "worker");

    private final String label;
    private final String kubernetesRole;

    Role(String label, String kubernetesRole) {
        this.label = label;
        this.kubernetesRole = kubernetesRole;
    }

    /** The container's role as the lxc layer labels it and LxcReady reports it. */
    public String label() {
        return label;
    }

    /** The role as ClusterJoined reports it. */
    public String kubernetesRole() {
        return kubernetesRole;
    }
}
