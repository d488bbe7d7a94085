package io.kubelode.testkit.bus;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What a service's consumer group has acknowledged, read with the Kafka admin client. */
public final class ConsumerGroups {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private ConsumerGroups() {
    }

    /**
     * Waits (up to 60 s) until {@code group} has committed every record of {@code topics}, i.e. up to
     * each partition's end offset (empty partitions count as done). A kubelode service commits a
     * record only once the work it caused has ended and its events are on the broker, so after this
     * every consequence of what was sent, a rollback included, can be read.
     */
    public static void awaitCommittedToEnd(String bootstrapServers, String group, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!committedToEnd(admin, group, List.of(topics))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " did not commit " + List.of(topics)
                            + " to their end within " + TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + group, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the offsets of " + group, e.getCause());
        }
    }

    private static boolean committedToEnd(Admin admin, String group, List<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().values()
                .forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                        OffsetSpec.latest())));
        return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
    }
}
