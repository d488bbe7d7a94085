package io.kubelode.k8s.flow;

/** The reasons of ClusterJoinFailed: CamelCase condition reasons, one per way the layer fails. */
public final class Reasons {
    /** The cluster's spec, nodes or containers are not (all) in the view of the topics below. */
    public static final String CLUSTER_UNKNOWN = "ClusterUnknown";
    /** The spec asks for a Kubernetes version kubelode cannot bootstrap. */
    public static final String UNSUPPORTED_VERSION = "UnsupportedKubernetesVersion";
    /** The sealed PKI could not be read (wrong seal key) or written. */
    public static final String PKI_UNAVAILABLE = "PkiUnavailable";
    /** A node could not be reached over SSH after every attempt. */
    public static final String NODE_UNREACHABLE = "NodeUnreachable";
    /** Installing the container runtime or the Kubernetes packages failed. */
    public static final String RUNTIME_INSTALL_FAILED = "RuntimeInstallFailed";
    /** {@code kubeadm init} (or placing the PKI before it) failed on node 1. */
    public static final String CONTROL_PLANE_INIT_FAILED = "ControlPlaneInitFailed";
    /** A control plane could not join (or its leftover etcd member could not be removed). */
    public static final String CONTROL_PLANE_JOIN_FAILED = "ControlPlaneJoinFailed";
    /** A worker could not join. */
    public static final String WORKER_JOIN_FAILED = "WorkerJoinFailed";
    /** After the joins, not every node was Ready (or etcd lacked a member) within the timeout. */
    public static final String NODES_NOT_READY = "NodesNotReady";
    /** The admin kubeconfig could not be handed over (sealed into the shared directory). */
    public static final String KUBECONFIG_NOT_SAVED = "KubeconfigNotSaved";
    /** Something kubelode did not expect; see the message. */
    public static final String INTERNAL_ERROR = "InternalError";

    private Reasons() {
    }
}
