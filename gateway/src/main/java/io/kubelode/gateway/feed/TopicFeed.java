package io.kubelode.gateway.feed;

import io.kubelode.events.Topics;
import io.kubelode.gateway.view.FeedRecord;
import io.kubelode.gateway.view.ReadModel;
import io.kubelode.gateway.view.Reorderer;
import io.kubelode.support.CloudEventCodec;
import io.kubelode.support.PoisonEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 * Reads every event topic from the beginning into a {@link ReadModel}, then follows them live.
 *
 * <p>A plain consumer with partitions assigned by hand and no group: no committed offsets,
 * so every start replays the whole history (the topics are the gateway's only database).
 * The model is marked caught up once the consumer reached the end offsets taken at start;
 * records of the replay are folded in canonical order, live ones through a {@link Reorderer}.
 */
public final class TopicFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFeed.class);
    /** While records wait in the reorderer, or the replay runs: they are released on time. */
    private static final Duration POLL = Duration.ofMillis(20);
    /**
     * Otherwise: records end a poll at once, so this only sets how often an idle feed wakes (at
     * 20 ms it was most of an idle gateway's CPU).
     */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration REDISCOVER = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final String bootstrapServers;
    private final ReadModel model;
    private final Reorderer reorderer;
    private final Clock clock;
    private final Thread thread;
    private final AtomicLong poison = new AtomicLong();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public TopicFeed(String bootstrapServers, ReadModel model, Duration reorderWindow) {
        this.bootstrapServers = bootstrapServers;
        this.model = model;
        this.reorderer = new Reorderer(reorderWindow, reorderWindow.multipliedBy(10).plusSeconds(1));
        this.clock = Clock.systemUTC();
        this.thread = new Thread(this::run, "kubelode-topic-feed");
        this.thread.setDaemon(true);
    }

    /** Starts reading; returns at once. */
    public TopicFeed start() {
        thread.start();
        return this;
    }

    /** Records that could not be read as kubelode events (logged and skipped). */
    public long poisonCount() {
        return poison.get();
    }

    /** Why the feed stopped, if it failed. */
    public Throwable failure() {
        return failure;
    }

    /** Whether the feed thread runs. */
    public boolean alive() {
        return thread.isAlive();
    }

    private void run() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "kubelode-gateway-feed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                // events of an aborted transaction never happened
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            Map<TopicPartition, Long> replayEnd = null;
            long nextDiscovery = System.nanoTime() + REDISCOVER.toNanos();
            while (running) {
                try {
                    if (replayEnd == null) {
                        replayEnd = assignAll(c);
                    }
                    Duration wait = model.caughtUp() && reorderer.size() == 0 ? IDLE_POLL : POLL;
                    for (ConsumerRecord<String, String> r : c.poll(wait)) {
                        read(r);
                    }
                    if (!model.caughtUp() && reached(c, replayEnd)) {
                        model.apply(reorderer.drain());
                        model.markCaughtUp();
                        LOG.infof("read model caught up: %d cluster(s), %d poison record(s) skipped",
                                model.ids().size(), poison.get());
                    } else if (model.caughtUp()) {
                        List<FeedRecord> due = reorderer.release(clock.instant());
                        if (!due.isEmpty()) {
                            model.apply(due);
                        }
                    }
                    if (System.nanoTime() > nextDiscovery) {
                        assignAll(c);
                        nextDiscovery = System.nanoTime() + REDISCOVER.toNanos();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // a slow or restarting broker (a metadata timeout, a leader moving): the feed keeps its
                    // positions and goes on; it stopped for good on one before, and the read model with it
                    LOG.warnf("the topic feed: %s; retrying", e.toString());
                    pause();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the topic feed stopped; the read model no longer follows the topics", e);
        }
    }

    /** A broker that is away gives no signal of its return: the next round tries again after a moment. */
    private static void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void read(ConsumerRecord<String, String> r) {
        try {
            reorderer.add(new FeedRecord(CloudEventCodec.fromRecord(r), r.topic(), r.partition(), r.offset()),
                    clock.instant());
        } catch (PoisonEvent e) {
            poison.incrementAndGet();
            LOG.warnf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** Assigns every partition of every event topic (new ones from the beginning); returns their end offsets. */
    private Map<TopicPartition, Long> assignAll(KafkaConsumer<String, String> c) {
        Set<TopicPartition> all = new HashSet<>(c.assignment());
        List<TopicPartition> added = new ArrayList<>();
        Map<String, List<PartitionInfo>> topics = c.listTopics();
        for (String topic : Topics.ALL) {
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
