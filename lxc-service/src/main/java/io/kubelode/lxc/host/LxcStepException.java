package io.kubelode.lxc.host;

import io.kubelode.events.FailureReason;

/**
 * A step of this layer failed; {@link #reason()} is the reason of LxcFailed: one of the lxc layer's
 * {@link FailureReason}s or {@link FailureReason#NODE_UNREACHABLE}. A node whose cluster is released
 * meanwhile is {@link StoppedForRelease}, not a failure.
 */
public class LxcStepException extends RuntimeException {
    private final FailureReason reason;
    private final boolean transientFailure;

    public LxcStepException(FailureReason reason, String message, boolean transientFailure) {
        super(message);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public FailureReason reason() {
        return reason;
    }

    /** Whether retrying may help (connection trouble), as opposed to a failure that repeats. */
    public boolean isTransient() {
        return transientFailure;
    }
}
