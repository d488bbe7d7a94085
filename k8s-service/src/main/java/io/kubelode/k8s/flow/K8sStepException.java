package io.kubelode.k8s.flow;

/** A step of the k8s layer failed; {@code reason} is one of {@link Reasons}. */
public class K8sStepException extends RuntimeException {
    private final String reason;

    public K8sStepException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public K8sStepException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
