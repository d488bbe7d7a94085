package io.kubelode.support.kafka;

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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A service's memory rebuilt from the event topics on every start: a plain consumer without a
 * group reads the given topics from the beginning and keeps following them, handing every
 * readable event to {@code fold} on its own thread. Nothing lives only in the process, so
 * {@code kill -9} loses nothing: the next start folds the same history into the same state.
 * Before acting on a trigger, a handler waits for {@link #barrier()}: the state then includes
 * every record written before the trigger. Partitions added later are picked up at the next barrier.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    /**
     * How long a poll waits while no barrier does: records end it at once, and so does a barrier (it
     * wakes the consumer), so this only sets how often an idle follower wakes. At 50 ms, the two
     * followers of an idle k8s-service used a third of its CPU.
     */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    /**
     * The poll while a barrier waits, and the pause before looking again for topics not there yet or
     * after a broker error.
     */
    private static final Duration SHORT = Duration.ofMillis(50);

    private record Waiter(CompletableFuture<Void> done, Map<TopicPartition, Long> target) {
    }

    private final String bootstrapServers;
    private final String name;
    private final List<String> topics;
    private final Consumer<CloudEvent> fold;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param name names the thread and the Kafka client id ({@code kubelode-<name>})
     * @param fold called for every readable event, in partition order, on the follower's thread
     */
    public TopicFollower(String bootstrapServers, String name, List<String> topics, Consumer<CloudEvent> fold) {
        this.bootstrapServers = bootstrapServers;
        this.name = "kubelode-" + name;
        this.topics = List.copyOf(topics);
        this.fold = fold;
        this.thread = new Thread(this::run, this.name);
        this.thread.setDaemon(true);
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    /** Completes once every record on the topics at the time of the call has been folded in. */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (failure != null || !running) {
            f.completeExceptionally(new IllegalStateException(name + " stopped following the topics", failure));
            return f;
        }
        requests.add(f);
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        return f;
    }

    /** Why the follower stopped following the topics, if it did. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, name,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Waiter> waiting = new ArrayList<>();
        Map<String, Object> offsetProps = new HashMap<>(props);
        offsetProps.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-offsets");
        // topic lists and end offsets come over their own connection: on the follower's, they would
        // queue behind the broker's long poll of the fetch (fetch.max.wait.ms, 500 ms) on every barrier
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
             KafkaConsumer<String, String> offsets = new KafkaConsumer<>(offsetProps, new StringDeserializer(),
                     new StringDeserializer())) {
            consumer = c;
            while (running) {
                try {
                    follow(c, offsets, waiting);
                } catch (WakeupException e) {
                    if (!running) {
                        throw e;
                    }
                    // a barrier woke the poll: the next round looks at it (records and waiters are kept)
                } catch (KafkaException e) {
                    // a slow or restarting broker (timeouts, a leader moving): keep the waiters, go on
                    LOG.warnf("%s: %s; retrying", name, e.toString());
                    idle();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf(e, "%s stopped following the topics", name);
        }
        IllegalStateException stopped = new IllegalStateException(name + " stopped following the topics", failure);
        waiting.forEach(w -> w.done().completeExceptionally(stopped));
        requests.forEach(f -> f.completeExceptionally(stopped));
    }

    private void follow(KafkaConsumer<String, String> c, KafkaConsumer<String, String> offsets,
                        List<Waiter> waiting) {
        if (c.assignment().isEmpty()) {
            assignAll(c, offsets);
        }
        if (!requests.isEmpty()) {
            // one look at the end offsets serves every barrier asked for so far
            Map<TopicPartition, Long> target = assignAll(c, offsets);
            for (CompletableFuture<Void> f; (f = requests.poll()) != null; ) {
                waiting.add(new Waiter(f, target));
            }
        }
        completeReached(c, waiting);
        if (c.assignment().isEmpty()) {
            idle();
            return;
        }
        // a waiter may need a fetch that returns no record (past a transaction marker): short polls then
        for (ConsumerRecord<String, String> r : c.poll(waiting.isEmpty() ? IDLE_POLL : SHORT)) {
            foldRecord(r);
        }
        completeReached(c, waiting);
    }

    private static void completeReached(KafkaConsumer<String, String> c, List<Waiter> waiting) {
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (reached(c, w.target())) {
                w.done().complete(null);
                it.remove();
            }
        }
    }

    private static void idle() {
        try {
            Thread.sleep(SHORT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void foldRecord(ConsumerRecord<String, String> r) {
        CloudEvent event;
        try {
            event = CloudEventCodec.fromRecord(r);
        } catch (PoisonEvent e) {
            LOG.warnf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        try {
            fold.accept(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: could not fold %s-%d@%d", name, r.topic(), r.partition(), r.offset());
        }
    }

    private Map<TopicPartition, Long> assignAll(KafkaConsumer<String, String> c,
                                                KafkaConsumer<String, String> offsets) {
        Set<TopicPartition> all = new HashSet<>(c.assignment());
        List<TopicPartition> added = new ArrayList<>();
        Map<String, List<PartitionInfo>> known = offsets.listTopics();
        for (String topic : topics) {
            for (PartitionInfo p : known.getOrDefault(topic, List.of())) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                if (all.add(tp)) {
                    added.add(tp);
                }
            }
        }
        if (!added.isEmpty()) {
            c.assign(all);
            c.seekToBeginning(added);
            // assigned (never polled), so read_committed end offsets update its state quietly
            offsets.assign(all);
        }
        return new HashMap<>(offsets.endOffsets(all));
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
