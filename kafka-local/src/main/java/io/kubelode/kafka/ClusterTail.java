package io.kubelode.kafka;

import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one cluster's events on every kubelode topic straight from Kafka (no gateway needed),
 * prints one line per event, and exits when the cluster is Ready (0), rolled back or failed (1),
 * or when nothing happened for the stall timeout (2) — naming the layer that should act next.
 *
 * <p>Arguments: {@code --bootstrap host:port --cluster ID [--stall-seconds 60]}.
 */
public final class ClusterTail {
    private static final List<EventType> FORWARD = List.of(EventType.CLUSTER_REQUESTED, EventType.NODE_PROVISIONED,
            EventType.LXC_READY, EventType.NETWORK_ROUTED, EventType.CLUSTER_JOINED, EventType.APPS_DEPLOYED,
            EventType.DNS_PUBLISHED);
    private static final Map<String, String> SERVICE_OF_TOPIC = Map.of(Topics.GATEWAY, "provisioner-service",
            Topics.PROVISIONER, "lxc-service", Topics.LXC, "network-service", Topics.NETWORK, "k8s-service",
            Topics.K8S, "apps-service", Topics.APPS, "dns-service", Topics.DNS, "gateway");

    private ClusterTail() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = Args.parse(args);
        String cluster = opts.get("cluster");
        Duration stall = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("stall-seconds", "60")));
        try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", opts.get("bootstrap")),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Topics.ALL.forEach(t -> consumer.partitionsFor(t)
                    .forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            System.exit(follow(consumer, cluster, stall));
        }
    }

    private static int follow(KafkaConsumer<String, String> consumer, String cluster, Duration stall) {
        Instant start = Instant.now();
        Instant lastEvent = start;
        EventType last = null;
        while (Duration.between(lastEvent, Instant.now()).compareTo(stall) < 0) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (!cluster.equals(r.key())) {
                    continue;
                }
                Optional<EventType> type = EventType.ofType(header(r, "ce_type"));
                if (type.isEmpty()) {
                    continue;
                }
                lastEvent = Instant.now();
                last = type.get();
                System.out.printf("%7.1fs  %-22s %-40s %s%n", Duration.between(start, lastEvent).toMillis() / 1000.0,
                        r.topic(), last.type(), r.value().length() > 160 ? r.value().substring(0, 160) + "…" : r.value());
                if (last == EventType.DNS_PUBLISHED) {
                    System.out.println("cluster " + cluster + " is Ready");
                    return 0;
                }
                if (last == EventType.NODES_RELEASED) {
                    System.out.println("cluster " + cluster + " was rolled back or deleted: see the events above");
                    return 1;
                }
            }
        }
        String next = last == null ? "provisioner-service" : SERVICE_OF_TOPIC.get(last.topic());
        System.out.printf("no event for %d s after %s: the next layer (%s) did not act. Layers that are not yet"
                + " implemented stop the chain here; see README.md.%n", stall.toSeconds(),
                last == null ? "the request" : last.type(), next);
        return FORWARD.contains(last) ? 2 : 1;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
