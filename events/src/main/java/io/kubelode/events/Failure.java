package io.kubelode.events;

/**
 * An event saying a layer failed. {@code reason} is a {@link FailureReason} (on the wire its CamelCase
 * code, a condition reason), {@code message} a human explanation without secrets.
 */
public interface Failure {
    /** What failed, e.g. {@link FailureReason#LINODE_CREATE_REJECTED} (code {@code LinodeCreateRejected}). */
    FailureReason reason();

    /** Human-readable detail; never contains secrets. */
    String message();
}
