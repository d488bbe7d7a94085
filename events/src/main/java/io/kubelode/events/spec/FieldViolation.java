package io.kubelode.events.spec;

/**
 * One thing wrong with a spec.
 *
 * @param field   path of the field, e.g. {@code homePeer.publicKey} or {@code sshKeys[1]}
 * @param message what is wrong and what is accepted
 */
public record FieldViolation(String field, String message) {
}
