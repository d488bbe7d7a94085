package io.kubelode.bench;

import io.kubelode.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Figure 4's delivery half: a Kafka consumer of every event topic, with the client's default fetch
 * settings (the services' consumers use the same: {@code fetch.min.bytes=1},
 * {@code fetch.max.wait.ms=500}), started at the topics' ends, that notes for every record the
 * wall-clock time it was handed to {@code poll} minus the record's producer timestamp
 * ({@code CreateTime}, the producing service's clock — the same machine). That is production →
 * consumption by a consumer that does nothing else; a service's own consumer sees the record at the
 * same time or later by its own scheduling, which the output-to-output hop (Bench.hops) bounds from
 * above.
 */
final class HopProbe implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Topic → (record key, delivery ms) in arrival order. */
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

    record Sample(String key, long producedAt, long deliveryMs) {}

    HopProbe(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : Topics.ALL) {
            consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            samples.put(t, new ArrayList<>());
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end offsets now, before any cluster is posted
        thread = new Thread(this::loop, "bench-hop-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            var records = consumer.poll(Duration.ofMillis(200));
            long now = System.currentTimeMillis();
            synchronized (samples) {
                for (ConsumerRecord<String, String> r : records) {
                    samples.get(r.topic()).add(new Sample(r.key(), r.timestamp(), now - r.timestamp()));
                }
            }
        }
    }

    /** Topic → delivery ms of the records whose key is one of {@code keys}. */
    Map<String, List<Long>> delivery(java.util.Set<String> keys) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        synchronized (samples) {
            samples.forEach((t, l) -> out.put(t, l.stream().filter(s -> keys.contains(s.key()))
                    .map(Sample::deliveryMs).toList()));
        }
        return out;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
