package io.kubelode.k8s.plan.scripts;

/** The two containers of a node. */
public enum Role {
    /** The control-plane container, owned by host user {@code k8-master}. */
    MASTER("k8-master", "control-plane"),
    /** The worker container, owned by host user {@code k8-worker}. */
    WORKER("k8-worker", "worker");

    private final String owner;
    private final String kubernetesRole;

    Role(String owner, String kubernetesRole) {
        this.owner = owner;
        this.kubernetesRole = kubernetesRole;
    }

    /** The host user that owns the container. */
    public String owner() {
        return owner;
    }

    /** The role as ClusterJoined reports it. */
    public String kubernetesRole() {
        return kubernetesRole;
    }
}
