package io.kubelode.support;

import io.kubelode.events.EventType;
import io.kubelode.events.KubelodeEvent;
import java.time.Instant;

/**
 * A kubelode event with its CloudEvents 1.0 context attributes.
 *
 * @param id      unique per event; consumers deduplicate by it
 * @param type    the versioned logical type
 * @param source  the producing service, e.g. {@code /kubelode/provisioner}
 * @param subject the cluster id (also the Kafka record key)
 * @param time    when the producer made the event
 * @param data    the payload
 */
public record CloudEvent(String id, EventType type, String source, String subject, Instant time, KubelodeEvent data) {

    /** A new event from {@code source} with a fresh id and the current time. */
    public static CloudEvent of(String source, KubelodeEvent data) {
        return new CloudEvent(java.util.UUID.randomUUID().toString(), EventType.of(data), source, data.clusterId(),
                Instant.now(), data);
    }
}
