package io.kubelode.gateway.view;

import io.kubelode.events.KubelodeEvent;
import java.time.Instant;

/**
 * One event in a cluster's history.
 *
 * @param position  0-based index in the cluster's history: the SSE event id
 * @param id        the CloudEvents id
 * @param type      the CloudEvents type, e.g. {@code kubelode.node.provisioned.v1}
 * @param source    the producing service
 * @param time      when the producer made the event
 * @param topic     the Kafka topic it was read from
 * @param partition its partition
 * @param offset    its offset
 * @param data      the payload
 * @param summary   what the event means, in one line for a person (e.g. {@code node 2: repair started - REPLACE
 *                  of Linode 40001, cause: linode_delete finished (event 90211)})
 */
public record HistoryEntry(long position, String id, String type, String source, Instant time, String topic,
                           int partition, long offset, KubelodeEvent data, String summary) {
}
