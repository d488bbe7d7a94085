package io.kubelode.apps;

/** A failed step of the apps layer, carrying the reason its AppsFailed event reports. */
public class AppsFailure extends RuntimeException {
    private final String reason;
    private final boolean transientFailure;

    public AppsFailure(String reason, String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public static AppsFailure permanent(String reason, String message) {
        return new AppsFailure(reason, message, false, null);
    }

    public String reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
