package io.kubelode.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.dns.bind.BindResource;
import io.kubelode.dns.bind.BindServer;
import io.kubelode.dns.health.ReportedNodeStatus;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.DnsEvent.DnsFailed;
import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.App;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/**
 * The dns-service as deployed: a real Kafka broker, the rfc2136 provider against a real BIND 9,
 * real TCP health probes of loopback "nodes". AppsDeployed → DnsPublished; a node that stops
 * listening is withdrawn and restored; delete and rollback run the backward chain.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(BindResource.class)
class DnsServiceIT {
    private static final List<String> NODES = List.of("127.0.1.1", "127.0.1.2", "127.0.1.3");
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    private static final List<KubelodeEvent> seen = new CopyOnWriteArrayList<>();

    @Inject
    ReportedNodeStatus nodeStatus;

    @BeforeAll
    static void clients() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.get().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.get().bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dns-service-it-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.DNS));
    }

    @AfterAll
    static void close() {
        producer.close();
        consumer.close();
    }

    private static void send(KubelodeEvent event) throws Exception {
        producer.send(CloudEventCodec.toRecord(CloudEvent.of("/kubelode/test", event))).get();
    }

    /** Polls kubelode.dns until an event matching {@code want} arrived; returns it. */
    @SuppressWarnings("unchecked")
    private static <T extends KubelodeEvent> T awaitEvent(Class<T> type, Predicate<T> want, Duration atMost) {
        return (T) await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            consumer.poll(Duration.ofMillis(50)).forEach(r -> seen.add(CloudEventCodec.fromRecord(r).data()));
            return seen.stream().filter(e -> type.isInstance(e) && want.test(type.cast(e))).findFirst();
        }, java.util.Optional::isPresent).get();
    }

    private static AppsDeployed deployed(String cluster, String domain) {
        return new AppsDeployed(cluster, NODES, List.of(
                new DeployedApp(App.WEB, "http://www." + domain + "/", true),
                new DeployedApp(App.BLOG, "http://blog." + domain + "/", true)));
    }

    private static ServerSocket listen(String address) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(address, BindResource.probePort()));
        return s;
    }

    @Test
    void publishesWithdrawsADownNodeRestoresItAndDeletesOnClusterDelete() throws Exception {
        BindServer bind = BindResource.bind();
        String domain = "svc." + BindResource.ZONE;
        String www = "www." + domain;
        ServerSocket[] ingress = {listen(NODES.get(0)), listen(NODES.get(1)), listen(NODES.get(2))};
        try {
            send(deployed("it-health", domain));
            DnsPublished published = awaitEvent(DnsPublished.class, e -> e.clusterId().equals("it-health"),
                    Duration.ofSeconds(30));
            assertThat(published.records()).containsOnlyKeys(domain, www, "blog." + domain);
            assertThat(published.records().get(www)).containsExactlyElementsOf(NODES);
            assertThat(bind.addresses(www)).containsExactlyInAnyOrderElementsOf(NODES);

            ingress[1].close();
            long closed = System.nanoTime();
            DnsAddressWithdrawn withdrawn = awaitEvent(DnsAddressWithdrawn.class,
                    e -> e.clusterId().equals("it-health"), Duration.ofSeconds(10));
            assertThat(withdrawn.node()).isEqualTo(2);
            assertThat(withdrawn.address()).isEqualTo(NODES.get(1));
            assertThat(withdrawn.reason()).isEqualTo(FailureReason.PORTS_UNREACHABLE);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> !bind.addresses(www).contains(NODES.get(1)));
            long goneMs = (System.nanoTime() - closed) / 1_000_000;
            System.err.printf("kubelode: ingress closed -> address gone from BIND's answer: %d ms "
                    + "(3 failed rounds at 200 ms)%n", goneMs);
            assertThat(bind.addresses(www)).containsExactlyInAnyOrder(NODES.get(0), NODES.get(2));

            nodeStatus.report("it-health", 3, false);
            DnsAddressWithdrawn notReady = awaitEvent(DnsAddressWithdrawn.class,
                    e -> e.clusterId().equals("it-health") && e.node() == 3, Duration.ofSeconds(10));
            assertThat(notReady.reason()).isEqualTo(FailureReason.NODE_NOT_READY);
            assertThat(bind.addresses(www)).containsExactly(NODES.get(0));

            ingress[0].close();
            // node 1 is down too, but it holds the last address of every name: it stays
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> bind.addresses(www).equals(java.util.Set.of(NODES.get(0))));

            ingress[1] = listen(NODES.get(1));
            DnsAddressRestored restored = awaitEvent(DnsAddressRestored.class,
                    e -> e.clusterId().equals("it-health") && e.node() == 2, Duration.ofSeconds(10));
            assertThat(restored.address()).isEqualTo(NODES.get(1));
            DnsAddressWithdrawn lastOne = awaitEvent(DnsAddressWithdrawn.class,
                    e -> e.clusterId().equals("it-health") && e.node() == 1, Duration.ofSeconds(10));
            assertThat(lastOne.reason()).isEqualTo(FailureReason.PORTS_UNREACHABLE);
            assertThat(bind.addresses(www)).containsExactly(NODES.get(1));

            send(new ClusterDeleteRequested("it-health"));
            DnsRecordsDeleted deleted = awaitEvent(DnsRecordsDeleted.class, e -> e.clusterId().equals("it-health"),
                    Duration.ofSeconds(30));
            assertThat(deleted.cause()).isEqualTo(Cause.DELETE);
            assertThat(bind.rcode(www)).isEqualTo(Rcode.NXDOMAIN);
            assertThat(bind.rcode(domain)).isEqualTo(Rcode.NXDOMAIN);
            assertThat(bind.addresses("mail." + BindResource.ZONE)).containsExactly("192.0.2.99");
        } finally {
            for (ServerSocket s : ingress) {
                s.close();
            }
            nodeStatus.forget("it-health");
        }
    }

    @Test
    void aRedeliveredAppsDeployedPublishesAgainWithoutDuplicates() throws Exception {
        BindServer bind = BindResource.bind();
        String domain = "again." + BindResource.ZONE;
        send(deployed("it-again", domain));
        send(deployed("it-again", domain));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            awaitEvent(DnsPublished.class, e -> e.clusterId().equals("it-again"), Duration.ofSeconds(30));
            return seen.stream().filter(e -> e instanceof DnsPublished p && p.clusterId().equals("it-again"))
                    .count() == 2;
        });
        assertThat(bind.addresses("blog." + domain)).containsExactlyInAnyOrderElementsOf(NODES);
        send(new ClusterDeleteRequested("it-again"));
        awaitEvent(DnsRecordsDeleted.class, e -> e.clusterId().equals("it-again"), Duration.ofSeconds(30));
        assertThat(bind.rcode("blog." + domain)).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void deletingAClusterThatNeverPublishedStillContinuesTheChain() throws Exception {
        send(new ClusterDeleteRequested("it-never"));
        DnsRecordsDeleted deleted = awaitEvent(DnsRecordsDeleted.class, e -> e.clusterId().equals("it-never"),
                Duration.ofSeconds(30));
        assertThat(deleted.cause()).isEqualTo(Cause.DELETE);
        assertThat(deleted.reason()).isEqualTo(FailureReason.DELETED);
    }

    @Test
    void aDomainOutsideTheZoneFailsAndRollsBack() throws Exception {
        send(deployed("it-outside", "example.org"));
        DnsFailed failed = awaitEvent(DnsFailed.class, e -> e.clusterId().equals("it-outside"),
                Duration.ofSeconds(30));
        assertThat(failed.reason()).isEqualTo(FailureReason.DOMAIN_OUTSIDE_ZONE);
        DnsRecordsDeleted rolledBack = awaitEvent(DnsRecordsDeleted.class, e -> e.clusterId().equals("it-outside"),
                Duration.ofSeconds(30));
        assertThat(rolledBack.cause()).isEqualTo(Cause.ROLLBACK);
        assertThat(rolledBack.reason()).isEqualTo(FailureReason.DOMAIN_OUTSIDE_ZONE);
        assertThat(seen.indexOf(failed)).isLessThan(seen.indexOf(rolledBack));
        assertThat(seen).noneMatch(e -> e instanceof DnsPublished p && p.clusterId().equals("it-outside"));
    }
}
