package io.kubelode.bench;

import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.TopicHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A history of many clusters on the bus, made from one cluster's real one: every record that one
 * cluster's whole life wrote (create, Ready, delete, Deleted), on every event topic, written again
 * {@code n} times with the name and id renamed (same length) and a fresh CloudEvents id. Then every
 * consumer group's offsets go to the topics' ends, as a long-running deployment has them: the copies
 * are history, not work. Only while no kubelode service runs.
 */
final class HistoryCopies {
    private HistoryCopies() {
    }

    /**
     * Writes {@code n} copies of the life of {@code template} (a cluster id starting with {@code name},
     * e.g. {@code histtmpl-ab3cd}); copy i is named {@code h<i, zero-padded to name's length - 1>}.
     * Returns the number of records written.
     */
    static int copy(String bootstrapServers, String template, String name, int n) {
        List<TopicHistory.Entry> life = TopicHistory.read(bootstrapServers, Topics.ALL).stream()
                .filter(e -> template.equals(e.key())).toList();
        if (life.isEmpty()) {
            throw new IllegalStateException("no record of " + template + " on the bus");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int written = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 1; i <= n; i++) {
                String copyName = "h" + String.format("%0" + (name.length() - 1) + "d", i);
                for (TopicHistory.Entry e : life) {
                    ProducerRecord<String, String> r = new ProducerRecord<>(e.topic(), null,
                            e.key().replace(name, copyName), e.value() == null ? null : e.value().replace(name, copyName));
                    e.headers().forEach((k, v) -> r.headers().add(k, ("ce_id".equals(k) ? UUID.randomUUID().toString()
                            : v == null ? "" : v.replace(name, copyName)).getBytes(StandardCharsets.UTF_8)));
                    producer.send(r);
                    written++;
                }
            }
            producer.flush();
        }
        return written;
    }

    /**
     * Sets every consumer group's committed offset to the end of each topic it has committed on, for
     * all of that topic's partitions. The groups must have no member.
     */
    static int commitGroupsToEnd(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Duration t = Duration.ofSeconds(30);
            int groups = 0;
            for (ConsumerGroupListing g : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                        .partitionsToOffsetAndMetadata().get();
                Set<String> topics = committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
                if (topics.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((topic, d) -> d.partitions()
                        .forEach(pi -> ask.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest())));
                Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
                admin.listOffsets(ask).all().get().forEach((tp, o) -> ends.put(tp, new OffsetAndMetadata(o.offset())));
                admin.alterConsumerGroupOffsets(g.groupId(), ends).all().get(t.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                groups++;
            }
            return groups;
        }
    }
}
