package io.kubelode.events;

/**
 * An event saying a layer failed. {@code reason} is a CamelCase constant (a condition reason),
 * {@code message} a human explanation without secrets.
 */
public interface Failure {
    /** CamelCase constant naming the failure, e.g. {@code LinodeCreateRejected}. */
    String reason();

    /** Human-readable detail; never contains secrets. */
    String message();
}
