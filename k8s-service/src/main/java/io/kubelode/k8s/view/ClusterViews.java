package io.kubelode.k8s.view;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.LxcEvent.LxcReleased;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.kubelode.support.PoisonEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The k8s layer's memory, rebuilt from the event topics on every start (the network-service's
 * pattern): a plain consumer without a group reads the gateway, provisioner and lxc topics from
 * the beginning and keeps following them, so {@code kill -9} loses nothing. A handler waits for
 * {@link #barrier()} before acting: the view then holds every record written before its trigger.
 */
public final class ClusterViews implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterViews.class);
    private static final List<String> TOPICS = List.of(Topics.GATEWAY, Topics.PROVISIONER, Topics.LXC);
    private static final Duration POLL = Duration.ofMillis(50);

    private record Waiter(CompletableFuture<Void> done, Map<TopicPartition, Long> target) {
    }

    private static final class View {
        ClusterSpec spec;
        final Map<Integer, NodeProvisioned> nodes = new HashMap<>();
        final Map<Integer, LxcReady> lxc = new HashMap<>();
    }

    private final String bootstrapServers;
    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public ClusterViews(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.thread = new Thread(this::run, "kubelode-k8s-views");
        this.thread.setDaemon(true);
    }

    public ClusterViews start() {
        thread.start();
        return this;
    }

    /** Completes once every record on the topics now has been folded in. */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (failure != null || !running) {
            f.completeExceptionally(new IllegalStateException("the topic view stopped", failure));
            return f;
        }
        requests.add(f);
        return f;
    }

    /** The state of a cluster; an unknown cluster has an empty state. */
    public ClusterState state(String clusterId) {
        View v = views.get(clusterId);
        if (v == null) {
            return new ClusterState(clusterId, null, Map.of(), Map.of());
        }
        synchronized (v) {
            return new ClusterState(clusterId, v.spec, v.nodes, v.lxc);
        }
    }

    private void run() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "kubelode-k8s-views",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Waiter> waiting = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer = c;
            assignAll(c);
            while (running) {
                if (c.assignment().isEmpty()) {
                    idle();
                } else {
                    for (ConsumerRecord<String, String> r : c.poll(POLL)) {
                        fold(r);
                    }
                }
                for (CompletableFuture<Void> f; (f = requests.poll()) != null; ) {
                    waiting.add(new Waiter(f, assignAll(c)));
                }
                for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (reached(c, w.target())) {
                        w.done().complete(null);
                        it.remove();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the topic view stopped following the topics", e);
        }
        IllegalStateException stopped = new IllegalStateException("the topic view stopped", failure);
        waiting.forEach(w -> w.done().completeExceptionally(stopped));
        requests.forEach(f -> f.completeExceptionally(stopped));
    }

    private static void idle() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void fold(ConsumerRecord<String, String> r) {
        CloudEvent event;
        try {
            event = CloudEventCodec.fromRecord(r);
        } catch (PoisonEvent e) {
            LOG.warnf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        View v = views.computeIfAbsent(event.subject(), id -> new View());
        synchronized (v) {
            apply(v, event.data());
        }
    }

    private static void apply(View v, KubelodeEvent e) {
        if (e instanceof ClusterRequested r) {
            v.spec = r.spec();
        } else if (e instanceof ClusterScaleRequested s) {
            v.spec = s.spec();
        } else if (e instanceof NodeProvisioned p) {
            v.nodes.put(p.node(), p);
        } else if (e instanceof LxcReady l) {
            v.lxc.put(l.node(), l);
        } else if (e instanceof NodesReleased) {
            v.nodes.clear();
        } else if (e instanceof LxcReleased) {
            v.lxc.clear();
        }
    }

    private static Map<TopicPartition, Long> assignAll(KafkaConsumer<String, String> c) {
        Set<TopicPartition> all = new HashSet<>(c.assignment());
        List<TopicPartition> added = new ArrayList<>();
        Map<String, List<PartitionInfo>> topics = c.listTopics();
        for (String topic : TOPICS) {
            for (PartitionInfo p : topics.getOrDefault(topic, List.of())) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                if (all.add(tp)) {
                    added.add(tp);
                }
            }
        }
        if (!added.isEmpty()) {
            c.assign(all);
            c.seekToBeginning(added);
        }
        return new HashMap<>(c.endOffsets(all));
    }

    private static boolean reached(KafkaConsumer<String, String> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
