package io.kubelode.dns.plan;

import io.kubelode.events.FailureReason;

/** The input cannot be planned; {@code reason} is the reason of DnsFailed. Permanent. */
public class PlanException extends RuntimeException {
    private final FailureReason reason;

    public PlanException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
