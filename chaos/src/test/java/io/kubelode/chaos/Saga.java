package io.kubelode.chaos;

import static io.kubelode.events.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.TopicHistory;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/** What every chaos test asks of a cluster: its spec, its end, what is left of it, its history on the bus. */
final class Saga {
    static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home";
    static final List<String> DLQ_TOPICS = List.of("kubelode.provisioner.dlq", "kubelode.lxc.dlq",
            "kubelode.network.dlq", "kubelode.k8s.dlq", "kubelode.apps.dlq", "kubelode.dns.dlq");
    static final Set<String> TERMINAL = Set.of("Ready", "RolledBack", "Deleted", "Failed");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Saga() {
    }

    /** The domain a cluster named {@code name} publishes (one per cluster, so records are attributable). */
    static String domainOf(String name) {
        return name + ".chaos.example.org";
    }

    /** A small spec: {@code nodes} nodes of the default type, the web app, its own domain. */
    static String spec(String name, int nodes) {
        return spec(name, nodes, "web");
    }

    /** A small spec: {@code nodes} nodes of the default type, one app, its own domain. */
    static String spec(String name, int nodes, String app) {
        return """
                name: %s
                region: eu-central
                nodes: %d
                domain: %s
                apps: [%s]
                sshKeys:
                  - %s
                """.formatted(name, nodes, domainOf(name), app, SSH_KEY);
    }

    /** The phase the gateway reports; "Unreachable" while the gateway is down (it may be killed). */
    static String phase(LocalStack stack, String id) {
        try {
            return stack.gateway().phase(id);
        } catch (RuntimeException e) {
            return "Unreachable";
        }
    }

    /** Waits until the gateway reports one of {@code phases}; returns it. */
    static String awaitPhase(LocalStack stack, String id, Duration timeout, Set<String> phases) {
        String[] last = {""};
        try {
            Awaitility.await("cluster " + id + " reaches " + phases).atMost(timeout)
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> phases.contains(last[0] = phase(stack, id)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("cluster " + id + " still " + last[0] + " after " + timeout + "; history:\n"
                    + describe(history(stack, id)), e);
        }
        return last[0];
    }

    /** Every event topic plus the dead letter topics, read to their end. */
    static List<Entry> all(LocalStack stack) {
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.addAll(DLQ_TOPICS);
        return TopicHistory.read(stack.bootstrapServers(), topics);
    }

    /** The cluster's events of every event topic, per topic in offset order. */
    static Map<String, List<Entry>> history(LocalStack stack, String id) {
        return TopicHistory.ofCluster(TopicHistory.read(stack.bootstrapServers(), Topics.ALL), id);
    }

    private static final Object RECENT_LOCK = new Object();
    private static volatile List<Entry> recent = List.of();
    private static volatile long recentAt;
    private static volatile String recentServers = "";

    /**
     * The cluster's events as of a read of every event topic at most 300 ms old, shared by every
     * thread that polls (many cases wait for an event at once; each read opens a consumer and reads
     * every topic). For waiting only: an assertion on a history reads it afresh with {@link #history}.
     */
    static Map<String, List<Entry>> recentHistory(LocalStack stack, String id) {
        synchronized (RECENT_LOCK) {
            if (System.nanoTime() - recentAt > 300_000_000L || !recentServers.equals(stack.bootstrapServers())) {
                recent = TopicHistory.read(stack.bootstrapServers(), Topics.ALL);
                recentAt = System.nanoTime();
                recentServers = stack.bootstrapServers();
            }
            return TopicHistory.ofCluster(recent, id);
        }
    }

    /** Accepted Linode creates for the cluster, as the sandbox counts them per cluster. */
    static long createsOf(LocalStack stack, String id) {
        return stack.sandbox().stats().path("createsByCluster").path(id).asLong(0);
    }

    static List<Entry> of(Map<String, List<Entry>> history, EventType type) {
        return history.getOrDefault(type.topic(), List.of()).stream().filter(e -> type.type().equals(e.type()))
                .toList();
    }

    static JsonNode data(Entry e) {
        try {
            return JSON.readTree(e.value());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String describe(Map<String, List<Entry>> history) {
        return history.values().stream().flatMap(List::stream)
                .sorted(java.util.Comparator.comparingLong(Entry::timestamp))
                .map(e -> "  " + e.timestamp() + " " + e.type() + " " + e.value())
                .collect(Collectors.joining("\n"));
    }

    /** What the sandbox still holds of a cluster: instances, DNS records of its domain, Kubernetes objects. */
    record Leftovers(List<JsonNode> instances, List<JsonNode> records, List<JsonNode> kubeObjects) {
        boolean none() {
            return instances.isEmpty() && records.isEmpty() && kubeObjects.isEmpty();
        }

        int count() {
            return instances.size() + records.size() + kubeObjects.size();
        }
    }

    static Leftovers leftovers(LocalStack stack, String id, String name) {
        List<JsonNode> records = stack.sandbox().recordsOf(domainOf(name)).stream()
                .filter(r -> Set.of("A", "AAAA", "CNAME").contains(r.path("type").asText())).toList();
        List<JsonNode> kube = new ArrayList<>();
        if (Capabilities.kube(stack)) {
            kube.addAll(stack.sandbox().kubeObjects(id));
            // an API still served for the cluster is left over too, even if it holds no object
            stack.sandbox().get(Capabilities.KUBE_PATH).forEach(api -> {
                if (api.path("clusterTag").asText().endsWith(id)) {
                    kube.add(api);
                }
            });
        }
        return new Leftovers(stack.sandbox().instancesOf(id), records, kube);
    }

    /** Waits until nothing of the cluster is left in the sandbox (compensation may still be finishing its last call). */
    static void assertNothingLeft(LocalStack stack, String id, String name) {
        Leftovers[] last = {null};
        try {
            // a sandbox call may time out on a loaded machine: ask again rather than fail on one slow answer
            Awaitility.await("nothing left of " + id).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> (last[0] = leftovers(stack, id, name)).none());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("left behind by " + id + ": " + last[0] + "\nhistory:\n"
                    + describe(history(stack, id)), e);
        }
    }

    /**
     * The cluster's history is complete and ordered for how it ended:
     * ClusterRequested first; every node either provisioned or failed, never two Linodes for one node;
     * after a rollback or delete, each layer's compensation on its topic comes after that layer's
     * forward events, and the provisioner's NodesReleased with the right cause ends its topic.
     */
    static void assertHistory(Map<String, List<Entry>> h, String id, int nodes, String end) {
        String desc = "history of " + id + ":\n" + describe(h);
        List<Entry> gateway = h.getOrDefault(Topics.GATEWAY, List.of());
        assertThat(gateway).as(desc).isNotEmpty();
        assertThat(gateway.get(0).type()).as(desc).isEqualTo(CLUSTER_REQUESTED.type());

        Map<Integer, Set<Long>> linodes = new HashMap<>();
        for (Entry e : of(h, NODE_PROVISIONED)) {
            linodes.computeIfAbsent(data(e).path("node").asInt(), n -> new java.util.HashSet<>())
                    .add(data(e).path("linodeId").asLong());
        }
        linodes.forEach((node, ids) -> assertThat(ids).as("Linodes of node %d (one, however often announced); %s",
                node, desc).hasSize(1));
        Set<Integer> failed = of(h, NODE_PROVISION_FAILED).stream().map(e -> data(e).path("node").asInt())
                .collect(Collectors.toSet());
        switch (end) {
            case "Ready" -> {
                assertThat(linodes.keySet()).as(desc).hasSize(nodes);
                for (EventType t : List.of(LXC_READY, NETWORK_ROUTED, CLUSTER_JOINED, APPS_DEPLOYED, DNS_PUBLISHED)) {
                    assertThat(of(h, t)).as(t + " in " + desc).isNotEmpty();
                }
            }
            case "RolledBack", "Deleted" -> {
                String cause = end.equals("Deleted") ? "DELETE" : "ROLLBACK";
                List<Entry> prov = h.getOrDefault(Topics.PROVISIONER, List.of());
                assertThat(prov).as(desc).isNotEmpty();
                Entry lastProv = prov.get(prov.size() - 1);
                assertThat(lastProv.type()).as("the provisioner's last word; " + desc).isEqualTo(NODES_RELEASED.type());
                assertThat(data(lastProv).path("cause").asText()).as(desc).isEqualTo(cause);
                if (end.equals("RolledBack")) {
                    // a node the provisioner never announced is one whose create it dropped because another
                    // layer had failed the cluster meanwhile (a failed cluster cancels its pending creates);
                    // without such a failure the provisioner must have provisioned or failed every node
                    boolean otherLayerFailed = h.entrySet().stream().filter(t -> !t.getKey().equals(Topics.PROVISIONER))
                            .flatMap(t -> t.getValue().stream())
                            .anyMatch(e -> e.type() != null && e.type().endsWith("failed.v1"));
                    assertThat(failed.isEmpty() && linodes.size() < nodes && !otherLayerFailed)
                            .as("every node provisioned or failed, unless another layer failed the cluster first; "
                                    + desc).isFalse();
                }
                // each layer that answered its compensation did so after its own forward events
                assertCompensationLast(h, Topics.LXC, LXC_RELEASED, desc);
                assertCompensationLast(h, Topics.NETWORK, NETWORK_RELEASED, desc);
                assertCompensationLast(h, Topics.K8S, CLUSTER_RESET, desc);
                assertCompensationLast(h, Topics.APPS, APPS_DELETED, desc);
                // the compensations ran down the stack: each one's first record is no later than the next layer's
                assertDownTheStack(h, desc);
            }
            default -> throw new IllegalArgumentException(end);
        }
    }

    private static void assertCompensationLast(Map<String, List<Entry>> h, String topic, EventType compensation,
                                               String desc) {
        List<Entry> records = h.getOrDefault(topic, List.of());
        Optional<Entry> first = records.stream().filter(e -> compensation.type().equals(e.type())).findFirst();
        if (first.isEmpty()) {
            return;
        }
        long after = records.stream().filter(e -> e.offset() > first.get().offset())
                .filter(e -> !compensation.type().equals(e.type())).count();
        assertThat(after).as("forward events on %s after %s; %s", topic, compensation.type(), desc).isZero();
    }

    private static void assertDownTheStack(Map<String, List<Entry>> h, String desc) {
        List<EventType> chain = List.of(DNS_RECORDS_DELETED, APPS_DELETED, CLUSTER_RESET, NETWORK_RELEASED,
                LXC_RELEASED, NODES_RELEASED);
        long previous = Long.MIN_VALUE;
        for (EventType t : chain) {
            Optional<Entry> e = of(h, t).stream().findFirst();
            if (e.isPresent()) {
                assertThat(e.get().timestamp()).as("%s no earlier than the compensation above it; %s", t, desc)
                        .isGreaterThanOrEqualTo(previous);
                previous = e.get().timestamp();
            }
        }
    }
}
