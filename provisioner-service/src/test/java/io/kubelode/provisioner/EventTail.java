package io.kubelode.provisioner;

import io.kubelode.events.KubelodeEvent;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends events to the real broker and records every event of one topic with its arrival time. */
final class EventTail implements AutoCloseable {
    record Seen(CloudEvent event, Instant at) {
    }

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;

    EventTail(String topic) {
        String servers = SharedBroker.get().bootstrapServers();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        poller = new Thread(this::poll, "event-tail");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new Seen(CloudEventCodec.fromRecord(r), Instant.now()));
                }
            }
        } catch (WakeupException e) {
            consumer.close();
        }
    }

    void send(CloudEvent event) throws Exception {
        producer.send(CloudEventCodec.toRecord(event)).get();
    }

    /** Events of one cluster with a payload of {@code type}, in arrival order. */
    <T extends KubelodeEvent> List<T> of(String clusterId, Class<T> type) {
        return seen.stream().map(s -> s.event().data()).filter(type::isInstance).map(type::cast)
                .filter(e -> e.clusterId().equals(clusterId)).toList();
    }

    /** When the {@code n}-th (1-based) event of that type for the cluster arrived. */
    Instant arrivalOf(String clusterId, Class<? extends KubelodeEvent> type, int n) {
        return seen.stream().filter(s -> type.isInstance(s.event().data()) && s.event().subject().equals(clusterId))
                .skip(n - 1L).findFirst().orElseThrow().at();
    }

    @Override
    public void close() {
        consumer.wakeup();
        producer.close();
    }
}
