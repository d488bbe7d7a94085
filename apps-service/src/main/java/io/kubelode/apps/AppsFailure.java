package io.kubelode.apps;

import io.kubelode.events.FailureReason;

/** A failed step of the apps layer, carrying the reason its AppsFailed event reports (one of the apps layer's). */
public class AppsFailure extends RuntimeException {
    private final FailureReason reason;
    private final boolean transientFailure;

    public AppsFailure(FailureReason reason, String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public static AppsFailure permanent(FailureReason reason, String message) {
        return new AppsFailure(reason, message, false, null);
    }

    public FailureReason reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
