package io.kubelode.dns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.dns.plan.WatchHistory;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.spec.App;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * After a restart the monitor learns from the real broker's retained topics what it watched.
 * Deliberately not a Quarkus test: a running dns-service would consume these AppsDeployed
 * records, fail to publish them (no DNS server here) and roll them back, racing the read.
 */
class WatchRecoveryIT {
    private static final List<String> NODES = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3");

    @Test
    void readsWhichClustersWereWatchedAndWhichAddressesWereWithdrawn() throws Exception {
        String alive = "rec-alive-" + System.nanoTime();
        String gone = "rec-gone-" + System.nanoTime();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.get().bootstrapServers());
        long t = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (String c : List.of(alive, gone)) {
                send(producer, t++, new AppsDeployed(c, NODES,
                        List.of(new DeployedApp(App.WEB, "http://www.example.org/", true))));
                send(producer, t++, new DnsPublished(c, Map.of("example.org", NODES, "www.example.org", NODES)));
                send(producer, t++, new DnsAddressWithdrawn(c, 2, "192.0.2.2", FailureReason.NODE_NOT_READY));
            }
            send(producer, t, new DnsRecordsDeleted(gone, Cause.DELETE, FailureReason.DELETED));
        }

        WatchHistory history = WatchRecovery.read(SharedBroker.get().bootstrapServers(), Duration.ofSeconds(30));

        assertThat(history.watched()).noneMatch(w -> w.full().clusterId().equals(gone));
        assertThat(history.watched()).filteredOn(w -> w.full().clusterId().equals(alive)).singleElement()
                .satisfies(w -> {
                    assertThat(w.published()).containsExactly("192.0.2.1", "192.0.2.3");
                    assertThat(w.downReasons()).containsOnlyKeys("192.0.2.2");
                    assertThat(w.full().names()).containsOnlyKeys("example.org", "www.example.org");
                });
    }

    private static void send(KafkaProducer<String, String> producer, long time, KubelodeEvent event)
            throws Exception {
        ProducerRecord<String, String> r = CloudEventCodec.toRecord(CloudEvent.of("/kubelode/test", event));
        producer.send(new ProducerRecord<>(r.topic(), null, time, r.key(), r.value(), r.headers())).get();
    }
}
