package io.kubelode.network;

import io.kubelode.events.FailureReason;

/**
 * A step of the network layer failed; {@link #reason()} is the reason of NetworkFailed:
 * {@link FailureReason#NODE_UNREACHABLE} (transient), {@link FailureReason#NETWORK_SCRIPT_FAILED} or
 * {@link FailureReason#NETWORK_PLAN_REJECTED} (permanent).
 */
public class NetworkStepException extends RuntimeException {
    private final FailureReason reason;
    private final boolean transientFailure;

    public NetworkStepException(FailureReason reason, String message, boolean transientFailure) {
        super(message);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public FailureReason reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
