package io.kubelode.testkit.bus;

import io.kubelode.events.KubelodeEvent;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.kubelode.testkit.stack.TopicHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kubelode events on the bus as a service test plays and reads them: CloudEvents on the event's
 * own topic, keyed by cluster id (see {@code CloudEventCodec}). Needs the {@code support} module
 * on the test's classpath (every service has it).
 */
public final class TopicEvents {
    /** The CloudEvents source of what a test publishes. */
    public static final String SOURCE = "/kubelode/test";

    private TopicEvents() {
    }

    /** Publishes one event on its topic and waits for the broker's ack (acks=all). */
    public static void publish(String bootstrapServers, KubelodeEvent event) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(CloudEventCodec.toRecord(CloudEvent.of(SOURCE, event))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event, e.getCause());
        }
    }

    /**
     * The cluster's events on {@code topic} (records keyed {@code clusterId}), from its beginning up to
     * its end at the time of the call, in offset order. Read with {@link TopicHistory}.
     */
    public static List<KubelodeEvent> upToNow(String bootstrapServers, String topic, String clusterId) {
        return TopicHistory.read(bootstrapServers, List.of(topic)).stream()
                .filter(e -> clusterId.equals(e.key()))
                .map(TopicEvents::decode).toList();
    }

    private static KubelodeEvent decode(TopicHistory.Entry entry) {
        RecordHeaders headers = new RecordHeaders();
        entry.headers().forEach((k, v) -> headers.add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        return CloudEventCodec.decode(headers, entry.value()).data();
    }

    /**
     * Every event on {@code topic} from its beginning, appended to the returned list as it arrives
     * (by a daemon thread with a consumer group of its own, for the rest of the JVM).
     */
    public static List<KubelodeEvent> follow(String bootstrapServers, String topic) {
        return follow(bootstrapServers, topic, key -> true);
    }

    /** As {@link #follow(String, String)}, only the events of one cluster (records keyed {@code clusterId}). */
    public static List<KubelodeEvent> follow(String bootstrapServers, String topic, String clusterId) {
        return follow(bootstrapServers, topic, clusterId::equals);
    }

    private static List<KubelodeEvent> follow(String bootstrapServers, String topic, Predicate<String> keys) {
        List<KubelodeEvent> seen = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "test-follow-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                c.subscribe(List.of(topic));
                while (!Thread.currentThread().isInterrupted()) {
                    c.poll(Duration.ofMillis(100)).forEach(r -> {
                        if (keys.test(r.key())) {
                            seen.add(CloudEventCodec.fromRecord(r).data());
                        }
                    });
                }
            } catch (InterruptException e) {
                // done
            }
        }, "follow-" + topic);
        t.setDaemon(true);
        t.start();
        return seen;
    }
}
