package io.kubelode.dns.provider;

import io.kubelode.events.FailureReason;
import java.time.Duration;
import java.util.Optional;

/**
 * A provider call failed. {@code reason} is the reason of DnsFailed; {@code transientFailure}
 * says whether a retry may succeed (timeouts, 5xx, 429, SERVFAIL) or not (refused, bad key, 4xx).
 * Messages never contain secrets.
 */
public class DnsProviderException extends RuntimeException {
    private final FailureReason reason;
    private final boolean transientFailure;
    private final transient Duration retryAfter;

    public DnsProviderException(FailureReason reason, String message, boolean transientFailure, Throwable cause) {
        this(reason, message, transientFailure, cause, null);
    }

    /** A failure after which the server asked for a pause (HTTP Retry-After). */
    public DnsProviderException(FailureReason reason, String message, boolean transientFailure, Throwable cause,
                                Duration retryAfter) {
        super(message, cause);
        this.reason = reason;
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    /** How long the server asked to wait before the next attempt, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public DnsProviderException(FailureReason reason, String message, boolean transientFailure) {
        this(reason, message, transientFailure, null);
    }

    public FailureReason reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
