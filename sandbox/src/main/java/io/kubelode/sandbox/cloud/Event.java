package io.kubelode.sandbox.cloud;

import java.time.Duration;
import java.time.Instant;

/** One account event ({@code linode_create}, {@code linode_boot}, ...) about one instance. */
public final class Event {
    private final long id;
    private final String action;
    private final long entityId;
    private final String entityLabel;
    private final Instant created;
    private volatile String status;
    private volatile Duration duration;

    Event(long id, String action, long entityId, String entityLabel, Instant created, String status) {
        this.id = id;
        this.action = action;
        this.entityId = entityId;
        this.entityLabel = entityLabel;
        this.created = created;
        this.status = status;
    }

    public long id() { return id; }
    public String action() { return action; }
    public long entityId() { return entityId; }
    public String entityLabel() { return entityLabel; }
    public Instant created() { return created; }
    public String status() { return status; }
    /** Null until the event finished or failed. */
    public Duration duration() { return duration; }

    void finish(String finalStatus, Instant now) {
        this.duration = Duration.between(created, now);
        this.status = finalStatus;
    }
}
