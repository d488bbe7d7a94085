package io.kubelode.apps.kube;

/**
 * A failed call to a cluster's API. Transient: no answer, 408, 409 (a concurrent writer), 429 or
 * 5xx; anything else (validation, admission, forbidden) is permanent.
 */
public class ClusterApiException extends RuntimeException {
    private final int code;

    public ClusterApiException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** HTTP status, or 0 (or below) when the API server did not answer. */
    public int code() {
        return code;
    }

    public boolean isTransient() {
        return code <= 0 || code == 408 || code == 409 || code == 429 || code >= 500;
    }
}
