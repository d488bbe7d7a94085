package io.kubelode.cli;

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
final class Bus implements AutoCloseable {
    private final KafkaProducer<String, String> producer;

    Bus() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBroker.get().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    /** Publishes each event in turn, waiting for the broker's ack of each. */
    void publishAll(List<? extends KubelodeEvent> events) {
        for (KubelodeEvent event : events) {
            try {
                producer.send(CloudEventCodec.toRecord(CloudEvent.of("/kubelode/cli-test", event))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
