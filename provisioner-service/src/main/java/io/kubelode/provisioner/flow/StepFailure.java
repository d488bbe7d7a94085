package io.kubelode.provisioner.flow;

import io.kubelode.events.FailureReason;

/**
 * A node step failed; {@link #reason()} is the reason of NodeProvisionFailed: one of the
 * provisioner's {@link FailureReason}s ({@code LINODE_CREATE_REJECTED} … {@code DOES_NOT_FIT}). A node
 * that stops because another failed first is {@link NodeCancelled}, not a failure.
 */
public class StepFailure extends RuntimeException {
    private final FailureReason reason;

    public StepFailure(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public StepFailure(FailureReason reason, String message) {
        this(reason, message, null);
    }

    public FailureReason reason() {
        return reason;
    }
}
