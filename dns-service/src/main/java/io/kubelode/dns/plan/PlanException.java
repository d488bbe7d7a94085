package io.kubelode.dns.plan;

/** The input cannot be planned; {@code reason} is the CamelCase condition reason. Permanent. */
public class PlanException extends RuntimeException {
    private final String reason;

    public PlanException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
