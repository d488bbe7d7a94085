package io.kubelode.provisioner.flow;

/** A node step failed; {@link #reason()} is the condition reason of NodeProvisionFailed. */
public class StepFailure extends RuntimeException {
    /** Linode refused the create request (validation, quota, image): permanent. */
    public static final String CREATE_REJECTED = "LinodeCreateRejected";
    /** The Linode API stayed unavailable through every retry. */
    public static final String API_UNAVAILABLE = "LinodeUnavailable";
    /** The token was refused. */
    public static final String UNAUTHORIZED = "LinodeUnauthorized";
    /** An instance with the node's label exists but is not tagged as this cluster's. */
    public static final String LABEL_TAKEN = "LabelTakenByOther";
    /** The instance did not reach {@code running} in time. */
    public static final String BOOT_TIMED_OUT = "BootTimedOut";
    /** The instance disappeared while kubelode waited for it. */
    public static final String INSTANCE_GONE = "InstanceGone";
    /** No SSH connection with the pinned host key and the cluster key in time. */
    public static final String SSH_UNREACHABLE = "SshUnreachable";
    /** The base role script failed. */
    public static final String BASE_ROLE_FAILED = "BaseRoleFailed";
    /** A failure kubelode did not anticipate (a bug); the message has the detail. */
    public static final String UNEXPECTED = "ProvisioningError";
    /** The region, image or type cannot serve the cluster (no Metadata, no cloud-init, unknown): before any create. */
    public static final String PREFLIGHT_REFUSED = "LinodeRefusesSpec";
    /** The apps do not fit the type's memory and the spec does not force it: before any create. */
    public static final String DOES_NOT_FIT = "DoesNotFit";
    /** Another node failed first; this one stopped. */
    public static final String CANCELLED = "Cancelled";

    private final String reason;

    public StepFailure(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public StepFailure(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }
}
