package io.kubelode.support;

/** A record that can never be processed, however often it is retried: it belongs on a dead letter topic. */
public class PoisonEvent extends RuntimeException {
    public PoisonEvent(String message) {
        super(message);
    }
}
