package io.kubelode.layer.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.kubelode.testkit.bus.TopicEvents;
import io.kubelode.testkit.stack.TopicHistory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The layer runtime under a toy layer ({@link ToyLayer}) on a real broker: what every layer gets without
 * writing it. A forward step runs once per event, also when the record comes again; a forward step of a
 * deleted cluster is skipped while its compensation runs; an unreadable record and a failing step go to the
 * dead-letter topic and the channel goes on.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ToyLayerIT {
    private static final String OUT = "toy.out";
    private static final String DLQ = "toy.dlq";

    @Inject
    ToyLayer toy;

    @Test
    void aForwardStepRunsOncePerEventAlsoWhenTheRecordComesAgain() throws Exception {
        String id = "toy-once-" + System.nanoTime();
        CloudEvent requested = CloudEvent.of(TopicEvents.SOURCE, new ClusterRequested(id, spec("once")));
        send(requested);
        awaitOut(id, DnsPublished.class);
        send(requested); // the same record again, as a redelivery brings it (same CloudEvents id)
        // the cluster's next record is read after it (one partition): once answered, the copy was too
        send(CloudEvent.of(TopicEvents.SOURCE, new ClusterDeleteRequested(id)));
        awaitOut(id, DnsRecordsDeleted.class);

        assertThat(out(id)).containsExactly(new DnsPublished(id, Map.of("once.toy", List.of("192.0.2.1"))),
                new DnsRecordsDeleted(id, Cause.DELETE, FailureReason.DELETED));
        assertThat(toy.forwardRuns(id)).isEqualTo(1);
    }

    @Test
    void aDeletedClustersForwardStepIsSkippedAndItsCompensationRuns() throws Exception {
        String id = "toy-fenced-" + System.nanoTime();
        send(CloudEvent.of(TopicEvents.SOURCE, new ClusterDeleteRequested(id)));
        awaitOut(id, DnsRecordsDeleted.class);
        send(CloudEvent.of(TopicEvents.SOURCE, new ClusterRequested(id, spec("fenced"))));
        // a later cluster's work shows the channel has gone past the fenced record
        String later = "toy-later-" + System.nanoTime();
        send(CloudEvent.of(TopicEvents.SOURCE, new ClusterRequested(later, spec("later"))));
        awaitOut(later, DnsPublished.class);

        assertThat(out(id)).hasSize(1).allMatch(DnsRecordsDeleted.class::isInstance);
    }

    @Test
    void anUnreadableRecordAndAFailingStepGoToTheDeadLetterTopic() throws Exception {
        String id = "toy-poison-" + System.nanoTime();
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(Topics.GATEWAY, id, "{not a kubelode event")).get();
        }
        send(CloudEvent.of(TopicEvents.SOURCE, new ClusterScaleRequested(id, 3, spec("poison"))));
        String after = "toy-after-" + System.nanoTime();
        send(CloudEvent.of(TopicEvents.SOURCE, new ClusterRequested(after, spec("after"))));
        awaitOut(after, DnsPublished.class);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                TopicHistory.read(SharedBroker.get().bootstrapServers(), List.of(DLQ)))
                .filteredOn(e -> id.equals(e.key())).hasSize(2));
        assertThat(out(id)).isEmpty();
    }

    private static ClusterSpec spec(String name) {
        return new ClusterSpec(name, "eu-central", null, null, 3, "example.org", List.of(App.WEB), List.of(), null,
                null, null, null);
    }

    private static void send(CloudEvent event) throws Exception {
        try (KafkaProducer<String, String> p = producer()) {
            p.send(CloudEventCodec.toRecord(event)).get();
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.get().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static List<KubelodeEvent> out(String id) {
        return TopicEvents.upToNow(SharedBroker.get().bootstrapServers(), OUT, id);
    }

    private static void awaitOut(String id, Class<? extends KubelodeEvent> type) {
        await().atMost(Duration.ofSeconds(60)).until(() -> out(id).stream().anyMatch(type::isInstance));
    }
}
