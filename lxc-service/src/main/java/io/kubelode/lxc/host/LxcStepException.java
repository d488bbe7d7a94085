package io.kubelode.lxc.host;

/** A step of this layer failed; {@code reason} is the CamelCase condition reason of LxcFailed. */
public class LxcStepException extends RuntimeException {
    /** The host script for LXD itself (packages, initialisation, image, profile) failed. */
    public static final String HOST_SETUP_FAILED = "LxdHostSetupFailed";
    /** A container could not be created, started, mapped or addressed. */
    public static final String CONTAINERS_FAILED = "LxdContainersFailed";
    /** The host could not be reached over SSH (transient). */
    public static final String UNREACHABLE = "NodeUnreachable";
    /** A container's id map is not the range its role has in the plan (never accepted). */
    public static final String IDMAP_MISMATCH = "IdmapMismatch";
    /** Removing containers, profile or bridge failed. */
    public static final String RELEASE_FAILED = "LxdReleaseFailed";
    /** Not a failure of the node: its cluster is being rolled back or released, so its containers are never made. */
    public static final String STOPPED = "StoppedForRelease";

    private final String reason;
    private final boolean transientFailure;

    public LxcStepException(String reason, String message, boolean transientFailure) {
        super(message);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public String reason() {
        return reason;
    }

    /** Whether retrying may help (connection trouble), as opposed to a failure that repeats. */
    public boolean isTransient() {
        return transientFailure;
    }
}
