package io.kubelode.dns.health;

import io.kubelode.dns.plan.WatchHistory;
import io.kubelode.events.Topics;
import io.kubelode.support.CloudEventCodec;
import io.kubelode.support.PoisonEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the retained history of kubelode.apps and kubelode.dns once, from the beginning to the
 * current end, without a consumer group, so the health monitor knows after a restart (or a
 * {@code kill -9}) which clusters it watched and which addresses it had withdrawn.
 */
public final class WatchRecovery {
    private WatchRecovery() {
    }

    public static WatchHistory read(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.APPS, Topics.DNS)) {
                consumer.partitionsFor(topic, timeout).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        // one cluster's records are ordered within each topic; across the two, by record time
        records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        WatchHistory history = new WatchHistory();
        for (ConsumerRecord<String, String> r : records) {
            try {
                history.add(CloudEventCodec.fromRecord(r).data());
            } catch (PoisonEvent e) {
                // the live consumers send such records to the dead letter topic; history skips them
            }
        }
        return history;
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
