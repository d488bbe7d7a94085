package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;

/**
 * A step of the k8s layer failed; {@code reason} is the reason of ClusterJoinFailed: one of the k8s
 * layer's {@link FailureReason}s or {@link FailureReason#NODE_UNREACHABLE}.
 */
public class K8sStepException extends RuntimeException {
    private final FailureReason reason;

    public K8sStepException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public K8sStepException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
