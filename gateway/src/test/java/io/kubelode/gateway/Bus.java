package io.kubelode.gateway;

import io.kubelode.events.KubelodeEvent;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events on the real broker as the layers would: CloudEvents keyed by cluster id, acks=all. */
public final class Bus implements AutoCloseable {
    private final KafkaProducer<String, String> producer;

    public Bus() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBroker.get().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    /** Publishes one event from the layer's source and waits for the broker's ack; returns it. */
    public CloudEvent publish(KubelodeEvent event) {
        CloudEvent ce = CloudEvent.of("/kubelode/test", event);
        try {
            producer.send(CloudEventCodec.toRecord(ce)).get();
            return ce;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Publishes each event in turn. */
    public void publishAll(List<? extends KubelodeEvent> events) {
        events.forEach(this::publish);
    }

    /** Publishes a record kubelode cannot read. */
    public void publishPoison(String topic, String key) {
        try {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, "not json")).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
