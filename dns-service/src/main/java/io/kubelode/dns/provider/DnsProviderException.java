package io.kubelode.dns.provider;

/**
 * A provider call failed. {@code reason} is a CamelCase condition reason; {@code transientFailure}
 * says whether a retry may succeed (timeouts, 5xx, 429, SERVFAIL) or not (refused, bad key, 4xx).
 * Messages never contain secrets.
 */
public class DnsProviderException extends RuntimeException {
    private final String reason;
    private final boolean transientFailure;

    public DnsProviderException(String reason, String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public DnsProviderException(String reason, String message, boolean transientFailure) {
        this(reason, message, transientFailure, null);
    }

    public String reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
