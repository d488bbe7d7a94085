package io.kubelode.gateway.view;

import io.kubelode.events.Topics;
import io.kubelode.support.CloudEvent;
import java.util.Comparator;

/**
 * An event as read from Kafka, with where it was read.
 *
 * <p>Kafka orders records only within a partition, and one cluster's events span seven topics.
 * The canonical order of a cluster's history is therefore computed from the records themselves:
 * producer time, then topic in chain order, partition and offset. A replay and a live run that
 * release records by that order (see {@link Reorderer}) build the same history.
 */
public record FeedRecord(CloudEvent event, String topic, int partition, long offset) {

    /** Time, then topic in forward-chain order, then partition and offset. */
    public static final Comparator<FeedRecord> CANONICAL = Comparator
            .comparing((FeedRecord r) -> r.event().time())
            .thenComparingInt(r -> Topics.ALL.indexOf(r.topic()))
            .thenComparingInt(FeedRecord::partition)
            .thenComparingLong(FeedRecord::offset);
}
