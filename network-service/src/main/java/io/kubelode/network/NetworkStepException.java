package io.kubelode.network;

/** A step of the network layer failed; {@link #reason()} is the condition reason on the wire. */
public class NetworkStepException extends RuntimeException {
    /** A node could not be reached or did not answer in time: worth a retry. */
    public static final String NODE_UNREACHABLE = "NodeUnreachable";
    /** A node's script failed: retrying the same script fails the same way. */
    public static final String SCRIPT_FAILED = "NetworkScriptFailed";
    /** The cluster's input cannot be planned (missing address, bad home peer). */
    public static final String PLAN_REJECTED = "NetworkPlanRejected";

    private final String reason;
    private final boolean transientFailure;

    public NetworkStepException(String reason, String message, boolean transientFailure) {
        super(message);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public String reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
