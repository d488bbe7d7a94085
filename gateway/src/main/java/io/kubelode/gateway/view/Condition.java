package io.kubelode.gateway.view;

import java.time.Instant;

/**
 * One observed condition, as Cluster API reports them.
 *
 * @param type               what is observed, e.g. {@code ContainersReady}
 * @param status             {@code True}, {@code False} or {@code Unknown}
 * @param reason             CamelCase constant, e.g. {@code LinodeCreateRejected}
 * @param message            human detail
 * @param lastTransitionTime when {@code status} last changed (the event time that changed it)
 */
public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /** The condition after an observation: the transition time moves only when the status changes. */
    public Condition observe(String newStatus, String newReason, String newMessage, Instant at) {
        Instant transition = newStatus.equals(status) ? lastTransitionTime : at;
        return new Condition(type, newStatus, newReason, newMessage, transition);
    }
}
