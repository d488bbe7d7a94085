package io.kubelode.testkit.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record of some topics, read from the beginning up to the end offsets at the time of the
 * call (no consumer group, nothing committed): what a test inspects after a run (a cluster's
 * history, dead letters, secrets that must not be there).
 */
public final class TopicHistory {
    private TopicHistory() {
    }

    /** One record with its CloudEvents headers. */
    public record Entry(String topic, int partition, long offset, long timestamp, String key, String type, String id,
                        String subject, String value, Map<String, String> headers) {}

    /** Every record of {@code topics} (topics that do not exist are skipped), ordered by topic, partition, offset. */
    public static List<Entry> read(String bootstrapServers, Collection<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<Entry> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            var existing = c.listTopics(Duration.ofSeconds(30)).keySet();
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                if (existing.contains(t)) {
                    c.partitionsFor(t, Duration.ofSeconds(30))
                            .forEach(i -> parts.add(new TopicPartition(t, i.partition())));
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!caughtUp(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics + " to their end within 60 s");
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    out.add(new Entry(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(),
                            headers.get("ce_type"), headers.get("ce_id"), headers.get("ce_subject"), r.value(),
                            headers));
                }
            }
        }
        out.sort(Comparator.comparing(Entry::topic).thenComparingInt(Entry::partition)
                .thenComparingLong(Entry::offset));
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<String, String> c, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The records of one cluster (key = cluster id), per topic in offset order. */
    public static Map<String, List<Entry>> ofCluster(List<Entry> all, String clusterId) {
        return all.stream().filter(e -> clusterId.equals(e.key()))
                .collect(Collectors.groupingBy(Entry::topic, java.util.TreeMap::new, Collectors.toList()));
    }
}
