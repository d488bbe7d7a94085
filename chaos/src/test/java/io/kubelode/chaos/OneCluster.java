package io.kubelode.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.TopicHistory;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the bus and the sandbox hold of one cluster of a stack: the looks the single-cluster tests share. */
record OneCluster(LocalStack stack, String id, String domain) {

    /** Every record of the cluster on every topic, oldest first. */
    List<Entry> history() {
        return TopicHistory.ofCluster(TopicHistory.read(stack.bootstrapServers(), Topics.ALL), id).values().stream()
                .flatMap(List::stream).sorted(Comparator.comparingLong(Entry::timestamp)).toList();
    }

    List<Entry> types(EventType type) {
        return history().stream().filter(e -> type.type().equals(e.type())).toList();
    }

    long count(EventType type) {
        return types(type).size();
    }

    /** The history, a record a line, for a failure's message. */
    String historyText() {
        return history().stream().map(h -> h.topic() + " " + h.type()).collect(Collectors.joining("\n"));
    }

    /** The A records of {@code name} (the sandbox keeps a record's name as sent: relative or fully qualified). */
    Set<String> aRecords(String name) {
        String label = name.equals(domain) ? "" : name.substring(0, name.length() - domain.length() - 1);
        return stack.sandbox().recordsOf(domain).stream()
                .filter(r -> "A".equals(r.path("type").asText()))
                .filter(r -> Set.of(label, name).contains(r.path("name").asText()))
                .map(r -> r.path("target").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The sandbox's Kubernetes API of the cluster: its nodes and etcd members. */
    JsonNode kubeApi() {
        for (JsonNode api : stack.sandbox().get("/sandbox/kube")) {
            if (api.path("clusterTag").asText().equals("kl:" + id)) {
                return api;
            }
        }
        throw new AssertionError("no Kubernetes API for " + id);
    }
}
