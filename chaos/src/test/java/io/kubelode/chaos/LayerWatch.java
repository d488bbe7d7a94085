package io.kubelode.chaos;

import io.kubelode.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the event topics from the moment it is opened (no consumer group, nothing committed) and
 * keeps, per event type, the clusters it was announced for; a test waits on it for the moment a layer
 * has announced its first cluster of a batch, without reading the whole history again and again.
 */
final class LayerWatch implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Set<String>> clustersByType = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile RuntimeException failure;

    private LayerWatch(String bootstrapServers, Collection<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : new HashSet<>(topics)) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        // resolve the end offsets now: what is published after open() is what the watch sees
        parts.forEach(consumer::position);
        thread = new Thread(this::follow, "layer-watch");
        thread.setDaemon(true);
    }

    /** Starts following the topics of {@code types} from their current ends. */
    static LayerWatch open(String bootstrapServers, Collection<EventType> types) {
        LayerWatch watch = new LayerWatch(bootstrapServers, types.stream().map(EventType::topic).toList());
        watch.thread.start();
        return watch;
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(5))) {
                    Header type = r.headers().lastHeader("ce_type");
                    if (type != null && r.key() != null) {
                        clustersByType.computeIfAbsent(new String(type.value(), StandardCharsets.UTF_8),
                                k -> ConcurrentHashMap.newKeySet()).add(r.key());
                    }
                }
                synchronized (this) {
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** How many of {@code clusters} have had a {@code type} event since the watch opened. */
    int announced(EventType type, Collection<String> clusters) {
        Set<String> seen = clustersByType.getOrDefault(type.type(), Set.of());
        return (int) clusters.stream().filter(seen::contains).count();
    }

    /** Waits until at least one of {@code clusters} has had a {@code type} event; returns how many have. */
    synchronized int awaitFirst(EventType type, Collection<String> clusters, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int n;
        while ((n = announced(type, clusters)) == 0) {
            if (failure != null) {
                throw new IllegalStateException("the watch failed", failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.type() + " for any of " + clusters + " within " + timeout);
            }
            // the follower thread wakes this after every poll
            wait(Math.max(1, left / 1_000_000));
        }
        return n;
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
