package io.kubelode.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.EventType;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {

    @Test
    void writesBinaryModeAndReadsItBack() {
        CloudEvent event = CloudEvent.of("/kubelode/gateway", new ClusterDeleteRequested("homelab-1a2b3"));
        ProducerRecord<String, String> record = CloudEventCodec.toRecord(event);
        assertThat(record.topic()).isEqualTo(Topics.GATEWAY);
        assertThat(record.key()).isEqualTo("homelab-1a2b3");
        assertThat(CloudEventCodec.text(record.headers(), "ce_type")).isEqualTo("kubelode.cluster.delete-requested.v1");
        assertThat(CloudEventCodec.text(record.headers(), "ce_specversion")).isEqualTo("1.0");
        assertThat(record.value()).isEqualTo("{\"clusterId\":\"homelab-1a2b3\"}");

        var consumed = new ConsumerRecord<>(record.topic(), 0, 0L, record.key(), record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        assertThat(CloudEventCodec.fromRecord(consumed)).isEqualTo(event);
        assertThat(CloudEventCodec.fromRecord(consumed).type()).isEqualTo(EventType.CLUSTER_DELETE_REQUESTED);
    }

    @Test
    void aRecordWithoutCloudEventsHeadersIsPoison() {
        assertThatThrownBy(() -> CloudEventCodec.decode(new RecordHeaders(), "{}"))
                .isInstanceOf(PoisonEvent.class).hasMessageContaining("ce_specversion");
        CloudEvent event = CloudEvent.of("/x", new ClusterDeleteRequested("c"));
        assertThatThrownBy(() -> CloudEventCodec.decode(CloudEventCodec.headers(event), "{not json"))
                .isInstanceOf(PoisonEvent.class).hasMessageContaining("unreadable");
    }
}
