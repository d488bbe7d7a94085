package io.kubelode.k8s.flow;

import static io.kubelode.k8s.flow.LowerLayers.routes;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterJoinFailed;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.K8sEvent.ClusterReset;
import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.Topics;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.pki.SecretStore;
import io.kubelode.k8s.plan.Fixtures;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.CloudEventCodec;
import io.kubelode.support.secrets.KubeconfigStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The k8s-service as deployed, on a real Kafka broker: the saga, the view of the topics below,
 * the PKI, the kubeadm documents, the scripts and the Fabric8 verification are the production
 * code. The host side is a TEST DOUBLE ({@link RecordingHosts}: records and bash-checks every
 * script, registers Nodes in Fabric8's CRUD mock API on init/join) — no kubeadm runs here.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class K8sFlowIT {
    private static final Logger LOG = Logger.getLogger(K8sFlowIT.class);
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    private static final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();

    @Inject
    SecretStore store;

    @Inject
    KubeconfigStore kubeconfigs;

    @BeforeAll
    static void clients() {
        String servers = SharedBroker.get().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "k8s-flow-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.K8S));
    }

    @AfterAll
    static void close() {
        producer.close();
        consumer.close();
    }

    @Test
    void networkRoutedForThreeNodesEndsInClusterJoinedAndAppsDeletedResetsIt() throws Exception {
        String id = "flow-ok";
        kubeconfigs.delete(id); // a leftover of an aborted earlier run would prove nothing
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = captureLogs(logged);
        AddressPlan plan = lowerLayers(id);
        long start = System.nanoTime();
        publish(new NetworkRouted(id, plan, routes(3)));
        ClusterJoined joined = await(id, ClusterJoined.class, 1);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof("MEASURED: NetworkRouted → ClusterJoined for 3 nodes in %d ms (host side: test double)", millis);
        System.out.println("MEASURED NetworkRouted->ClusterJoined (3 nodes, recording host double): " + millis + " ms");

        assertThat(joined.apiEndpoint()).isEqualTo("https://127.0.11.1:6443");
        assertThat(joined.kubernetesVersion()).isEqualTo(Fixtures.VERSION);
        assertThat(joined.etcdMembers()).isEqualTo(3);
        assertThat(joined.nodes()).hasSize(6).allMatch(K8sNode::ready);
        assertThat(joined.nodes()).filteredOn(n -> n.role().equals("control-plane")).hasSize(3);
        assertThat(joined.nodes()).filteredOn(n -> n.role().equals("worker")).hasSize(3);
        assertThat(TestDoubles.KUBECONFIGS).anySatisfy(k -> assertThat(k.clusters().get(0).cluster().server())
                .isEqualTo("https://127.0.11.1:6443"));

        List<RecordingHosts.Call> calls = calls(id);
        assertThat(order(calls, "init.sh", id + "-1-master")).isLessThan(order(calls, "join.sh", id + "-2-master"));
        assertThat(order(calls, "join.sh", id + "-2-master")).isLessThan(order(calls, "join.sh", id + "-3-master"));
        assertThat(order(calls, "join.sh", id + "-3-master")).isLessThan(order(calls, "join.sh", id + "-1-worker"));
        assertThat(calls).filteredOn(c -> c.script().equals("etcd-remove-member.sh"))
                .allMatch(c -> c.container().equals(id + "-1-master")).hasSize(2);
        assertThat(calls).filteredOn(c -> c.script().equals("prepare-container.sh")).hasSize(6);

        // the sealed admin kubeconfig was handed over before ClusterJoined was published
        String kubeconfig = kubeconfigs.load(id).orElseThrow(() -> new AssertionError(
                "no sealed kubeconfig at " + kubeconfigs.file(id) + " once ClusterJoined is on the topic"));
        assertThat(kubeconfig).contains("server: " + joined.apiEndpoint()).contains("user: kubernetes-admin");
        String clientKey = kubeconfig.lines().map(String::strip).filter(l -> l.startsWith("client-key-data: "))
                .map(l -> l.substring("client-key-data: ".length())).findFirst().orElseThrow();

        ClusterPki pki = store.load(id).orElseThrow();
        for (ConsumerRecord<String, String> r : seen) {
            assertThat(r.value()).doesNotContain(pki.token().secret()).doesNotContain(pki.certificateKey())
                    .doesNotContain("PRIVATE KEY").doesNotContain("client-key-data").doesNotContain(clientKey);
        }

        // redelivery: the ensure steps find everything in place and kubeadm runs no more
        int kubeadmRuns = kubeadmRuns(id);
        publish(new NetworkRouted(id, plan, routes(3)));
        await(id, ClusterJoined.class, 2);
        assertThat(kubeadmRuns(id)).isEqualTo(kubeadmRuns);

        publish(new AppsDeleted(id, Cause.DELETE, FailureReason.DELETED));
        ClusterReset reset = await(id, ClusterReset.class, 1);
        assertThat(reset.cause()).isEqualTo(Cause.DELETE);
        assertThat(reset.reason()).isEqualTo(FailureReason.DELETED);
        assertNothingJoined(id);
        assertThat(store.load(id)).isEmpty();
        assertThat(kubeconfigs.file(id)).as("the kubeconfig goes with the reset").doesNotExist();
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        assertThat(logged).as("the hand-over was logged").anyMatch(l -> l.contains("kubeconfig.sealed"));
        assertThat(logged).noneMatch(l -> l.contains(clientKey)).noneMatch(l -> l.contains("client-key-data"));
    }

    @Test
    void aReplacedNode1JoinsThroughNode2WithoutAnInitAndARunOverAJoinedClusterChangesNothing() throws Exception {
        String id = "flow-repair";
        kubeconfigs.delete(id);
        AddressPlan plan = lowerLayers(id);
        publish(new NetworkRouted(id, plan, routes(3)));
        await(id, ClusterJoined.class, 1);
        Set<String> peers = Set.of(peer(plan, 1), peer(plan, 2), peer(plan, 3));
        assertThat(RecordingHosts.get().members(id)).isEqualTo(peers);

        // node 1 lost and replaced in place: same names and addresses, empty containers, a new public
        // address; its old etcd member is still listed (dead), its old Node objects are NotReady
        RecordingHosts.get().replace(id + "-1-master", id + "-1-worker");
        LowerLayers.replace(id, Fixtures.spec(Fixtures.VERSION, 3), 1, "127.0.12.1", K8sFlowIT::publish);
        int mark = calls(id).size();
        publish(new NetworkRouted(id, plan, routes(3)));
        ClusterJoined repaired = joined(id, 2);
        List<RecordingHosts.Call> all = calls(id);
        List<RecordingHosts.Call> run = all.subList(mark, all.size());

        assertThat(run).as("no second cluster on node 1").noneMatch(c -> c.script().equals("init.sh"));
        assertThat(run).filteredOn(c -> c.script().equals("ensure-token.sh")).extracting(RecordingHosts.Call::container)
                .containsExactly(id + "-2-master");
        assertThat(run).filteredOn(c -> c.script().equals("etcd-remove-member.sh"))
                .extracting(c -> c.container() + " on " + c.node()).containsExactly(id + "-2-master on 127.0.11.2");
        assertThat(RecordingHosts.get().removedMembers()).filteredOn(r -> r.endsWith(" through " + id + "-1-master")
                || r.endsWith(" through " + id + "-2-master") || r.endsWith(" through " + id + "-3-master"))
                .containsExactly(peer(plan, 1) + " through " + id + "-2-master");
        assertThat(run).filteredOn(c -> c.script().equals("join.sh")).extracting(RecordingHosts.Call::container)
                .containsExactlyInAnyOrder(id + "-1-master", id + "-1-worker");
        assertThat(order(run, "etcd-remove-member.sh", id + "-2-master")).isLessThan(order(run, "join.sh", id + "-1-master"));
        assertThat(order(run, "join.sh", id + "-1-master")).isLessThan(order(run, "join.sh", id + "-1-worker"));
        assertThat(run).filteredOn(c -> c.script().equals("join.sh")).allMatch(c -> c.node().equals("127.0.12.1"));
        assertThat(run).as("the join states are read once per run").filteredOn(c -> c.script().equals("join-state.sh"))
                .extracting(RecordingHosts.Call::container).containsExactlyInAnyOrder(id + "-1-master", id + "-2-master",
                        id + "-3-master", id + "-1-worker", id + "-2-worker", id + "-3-worker");
        assertThat(RecordingHosts.get().members(id)).as("the dead member went, the new one came").isEqualTo(peers);
        assertThat(repaired.etcdMembers()).isEqualTo(3);
        assertThat(repaired.nodes()).hasSize(6).allMatch(K8sNode::ready);
        assertThat(repaired.apiEndpoint()).isEqualTo("https://127.0.12.1:6443");
        assertThat(kubeconfigs.load(id).orElseThrow()).as("the kubeconfig is handed over again with node 1's new address")
                .contains("server: https://127.0.12.1:6443");

        // every container joined: a second run reads the states and runs no init, join, removal or reset
        mark = calls(id).size();
        int kubeadmRuns = kubeadmRuns(id);
        publish(new NetworkRouted(id, plan, routes(3)));
        ClusterJoined again = joined(id, 3);
        all = calls(id);
        List<String> scripts = all.subList(mark, all.size()).stream().map(RecordingHosts.Call::script).toList();
        assertThat(scripts).doesNotContain("init.sh", "join.sh", "etcd-remove-member.sh", "reset.sh");
        assertThat(scripts).filteredOn("join-state.sh"::equals).hasSize(6);
        assertThat(kubeadmRuns(id)).isEqualTo(kubeadmRuns);
        assertThat(RecordingHosts.get().members(id)).isEqualTo(peers);
        assertThat(again.etcdMembers()).isEqualTo(3);
        assertThat(again.nodes()).hasSize(6).allMatch(K8sNode::ready);

        publish(new AppsDeleted(id, Cause.DELETE, FailureReason.DELETED));
        await(id, ClusterReset.class, 1);
        assertNothingJoined(id);
        assertThat(RecordingHosts.get().members(id)).isEmpty();
    }

    /** The {@code count}th ClusterJoined of {@code id}; fails at once on a ClusterJoinFailed, with its message. */
    private static ClusterJoined joined(String id, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                    List<KubelodeEvent> events = events(id);
                    return events.stream().anyMatch(ClusterJoinFailed.class::isInstance)
                            || events.stream().filter(ClusterJoined.class::isInstance).count() >= count;
                });
        assertThat(events(id)).filteredOn(ClusterJoinFailed.class::isInstance).isEmpty();
        return await(id, ClusterJoined.class, count);
    }

    private static String peer(AddressPlan plan, int n) {
        return "https://" + plan.node(n).masterAddress() + ":2380";
    }

    /** Every log record of the JVM from now on, with its parameters, as text. */
    private static java.util.logging.Handler captureLogs(List<String> into) {
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                into.add(r.getLoggerName() + " " + r.getMessage() + " "
                        + java.util.Arrays.toString(r.getParameters()) + " " + r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        h.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger.getLogger("").addHandler(h);
        return h;
    }

    @Test
    void aControlPlaneJoinFailureOnNode3RollsBackSoThatNoNodeStaysJoined() throws Exception {
        String id = "flow-fail";
        RecordingHosts.get().failWhen(c -> c.script().equals("join.sh") && c.container().equals(id + "-3-master"));
        AddressPlan plan = lowerLayers(id);
        publish(new NetworkRouted(id, plan, routes(3)));
        ClusterJoinFailed failed = await(id, ClusterJoinFailed.class, 1);
        assertThat(kubeconfigs.file(id)).as("no kubeconfig for a cluster that never joined").doesNotExist();
        assertThat(failed.reason()).isEqualTo(FailureReason.CONTROL_PLANE_JOIN_FAILED);
        assertThat(failed.message()).contains(id + "-3-master").contains("exited 1");
        ClusterReset reset = await(id, ClusterReset.class, 1);
        assertThat(reset.cause()).isEqualTo(Cause.ROLLBACK);
        assertThat(reset.reason()).isEqualTo(FailureReason.CONTROL_PLANE_JOIN_FAILED);
        assertThat(events(id)).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ClusterJoinFailed", "ClusterReset");
        // nodes 1 and 2 had joined before the failure: the compensation undid them
        assertThat(calls(id)).filteredOn(c -> c.script().equals("reset.sh")).extracting(RecordingHosts.Call::container)
                .containsExactlyInAnyOrder(id + "-1-master", id + "-2-master", id + "-3-master", id + "-1-worker",
                        id + "-2-worker", id + "-3-worker");
        assertNothingJoined(id);
        assertThat(store.load(id)).isEmpty();
        assertThat(kubeconfigs.file(id)).doesNotExist();
    }

    private void assertNothingJoined(String id) {
        for (int n = 1; n <= 3; n++) {
            assertThat(RecordingHosts.get().joined(id + "-" + n + "-master")).isFalse();
            assertThat(RecordingHosts.get().joined(id + "-" + n + "-worker")).isFalse();
        }
        assertThat(RecordingHosts.get().client().nodes().list().getItems())
                .noneMatch(n -> n.getMetadata().getName().startsWith(id + "-"));
    }

    /** What the gateway, provisioner and lxc layers would have published before NetworkRouted. */
    private static AddressPlan lowerLayers(String id) {
        return LowerLayers.publish(id, Fixtures.spec(Fixtures.VERSION, 3), K8sFlowIT::publish);
    }

    private static void publish(KubelodeEvent event) {
        try {
            producer.send(CloudEventCodec.toRecord(CloudEvent.of("/test", event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<KubelodeEvent> events(String id) {
        List<KubelodeEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : seen) {
            if (id.equals(r.key())) {
                out.add(CloudEventCodec.fromRecord(r).data());
            }
        }
        return out;
    }

    private static <T> T await(String id, Class<T> type, int count) {
        List<T> found = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                    found.clear();
                    events(id).stream().filter(type::isInstance).map(type::cast).forEach(found::add);
                    return found.size() >= count;
                });
        return found.get(count - 1);
    }

    private static List<RecordingHosts.Call> calls(String id) {
        return RecordingHosts.get().calls().stream().filter(c -> c.container().startsWith(id + "-")).toList();
    }

    private static int order(List<RecordingHosts.Call> calls, String script, String container) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).script().equals(script) && calls.get(i).container().equals(container)) {
                return i;
            }
        }
        throw new AssertionError(script + " never ran in " + container);
    }

    private static int kubeadmRuns(String id) {
        return RecordingHosts.get().kubeadmRuns(id + "-");
    }
}
