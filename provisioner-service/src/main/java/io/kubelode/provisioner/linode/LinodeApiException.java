package io.kubelode.provisioner.linode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Linode API call failed. {@link #status()} is the HTTP status (0 when no response came),
 * {@link #errors()} Linode's {@code errors[]} with field and reason.
 */
public class LinodeApiException extends RuntimeException {
    /** Reason for a request Linode refused as invalid (400/422 other than busy/unique label). */
    public static final String REJECTED = "LinodeRequestRejected";
    /** Reason for an expired, wrong or missing token (401/403). */
    public static final String UNAUTHORIZED = "LinodeUnauthorized";
    /** Reason for retries that ran out (5xx, 408, 429, busy, timeouts). */
    public static final String UNAVAILABLE = "LinodeUnavailable";

    private final int status;
    private final List<LinodeError> errors;
    private final boolean transientFailure;

    /** One entry of Linode's error body. */
    public record LinodeError(String field, String reason) {
        @Override
        public String toString() {
            return field == null ? reason : field + ": " + reason;
        }
    }

    public LinodeApiException(String operation, int status, List<LinodeError> errors, boolean transientFailure,
                              Throwable cause) {
        super(operation + " failed" + (status == 0 ? "" : " with HTTP " + status)
                + (errors.isEmpty() ? "" : ": " + errors.stream().map(LinodeError::toString)
                .collect(Collectors.joining("; "))), cause);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.transientFailure = transientFailure;
    }

    public int status() {
        return status;
    }

    public List<LinodeError> errors() {
        return errors;
    }

    /** Whether a later attempt might succeed (the retries of this call ran out). */
    public boolean isTransient() {
        return transientFailure;
    }

    /** Linode's answer to a create whose label exists already: adopt the existing instance. */
    public boolean isLabelTaken() {
        return status == 400 && errors.stream().anyMatch(e -> e.reason() != null
                && e.reason().toLowerCase(java.util.Locale.ROOT).contains("label must be unique"));
    }

    /**
     * The client's classification of the failure, one of the constants above. Not an event's reason:
     * this package knows nothing of the events; the flow maps it to an {@code io.kubelode.events.FailureReason}
     * ({@code InstanceStep.failure}).
     */
    public String reason() {
        if (transientFailure) {
            return UNAVAILABLE;
        }
        return status == 401 || status == 403 ? UNAUTHORIZED : REJECTED;
    }
}
