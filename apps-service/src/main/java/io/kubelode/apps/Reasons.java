package io.kubelode.apps;

/** Condition reasons of the apps layer (CamelCase constants, one per failure kind). */
public final class Reasons {
    /** The cluster's spec (from ClusterRequested) never reached this service. */
    public static final String SPEC_UNKNOWN = "SpecUnknown";
    /** kubelode holds no admin kubeconfig for the cluster (the k8s layer writes it before ClusterJoined). */
    public static final String KUBECONFIG_MISSING = "KubeconfigMissing";
    /** The cluster's sealed kubeconfig does not open (another seal key than the k8s layer's, or tampered). */
    public static final String KUBECONFIG_UNREADABLE = "KubeconfigUnreadable";
    /** The API server refused an object (validation, admission): permanent. */
    public static final String APPLY_REJECTED = "ApplyRejected";
    /** The API server could not be reached after retries: transient. */
    public static final String API_UNREACHABLE = "ApiUnreachable";
    /** The platform (ingress controller, volume provisioner) did not become ready in time. */
    public static final String PLATFORM_NOT_READY = "PlatformNotReady";
    /** At least one app did not become ready in time. */
    public static final String APPS_NOT_READY = "AppsNotReady";
    /** The compensation of a teardown: the person deleted the cluster. */
    public static final String DELETED = "Deleted";

    private Reasons() {
    }
}
