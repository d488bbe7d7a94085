package io.kubelode.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Human text of the gateway's cluster views (GET /clusters, GET /clusters/{id}). */
public final class ClusterText {
    /** Column titles of the per-node conditions, in the gateway's layer order. */
    private static final Map<String, String> LAYER_COLUMNS = Map.of("InstanceReady", "INSTANCE",
            "ContainersReady", "CONTAINERS", "NetworkRouted", "NETWORK", "KubernetesJoined", "KUBERNETES",
            "AppsDeployed", "APPS", "DnsPublished", "DNS");

    private final Clock clock;

    public ClusterText(Clock clock) {
        this.clock = clock;
    }

    /** One line per cluster. */
    public String list(JsonNode clusters) {
        if (clusters.isEmpty()) {
            return "No clusters.\n";
        }
        TextTable t = new TextTable("ID", "NAME", "PHASE", "NODES", "REGION", "READY", "EVENTS", "AGE");
        for (JsonNode c : clusters) {
            t.row(c.path("id").asText(), c.path("name").asText(null), c.path("phase").asText(),
                    c.path("spec").path("nodes").asText(null), c.path("spec").path("region").asText(null),
                    readyLayers(c), c.path("events").asText(null), age(c.path("createdAt")));
        }
        return t.render();
    }

    /** One cluster: summary, conditions, the nodes x layers grid, problems, apps and DNS. */
    public String detail(JsonNode c) {
        StringBuilder sb = new StringBuilder();
        JsonNode spec = c.path("spec");
        sb.append("Cluster:   ").append(c.path("id").asText()).append(" (").append(c.path("name").asText())
                .append(")\n");
        sb.append("Phase:     ").append(c.path("phase").asText()).append('\n');
        JsonNode repair = c.path("lastRepair");
        if (repair.isObject()) {
            // the latest repair of a node: under way, done (when, how long) or failed (a person is needed)
            sb.append("Repair:    ").append(repair.path("message").asText(repair.path("state").asText()));
            if (repair.hasNonNull("finishedAt")) {
                sb.append(" (").append(repair.path("finishedAt").asText()).append(')');
            } else if (repair.hasNonNull("startedAt")) {
                sb.append(" (since ").append(repair.path("startedAt").asText()).append(')');
            }
            sb.append('\n');
        }
        if (!spec.isMissingNode() && !spec.isNull()) {
            sb.append("Spec:      ").append(spec.path("nodes").asText()).append(" x ")
                    .append(spec.path("nodeType").asText()).append(" in ").append(spec.path("region").asText())
                    .append(", ").append(spec.path("image").asText()).append(", domain ")
                    .append(spec.path("domain").asText("-")).append('\n');
        }
        if (c.hasNonNull("apiEndpoint")) {
            sb.append("API:       ").append(c.path("apiEndpoint").asText()).append('\n');
        }
        JsonNode plan = c.path("addressPlan");
        if (plan.isObject()) {
            sb.append("Addresses: containers ").append(plan.path("containerCidr").asText()).append(", pods ")
                    .append(plan.path("clusterCidr").asText()).append(", services ")
                    .append(plan.path("serviceCidr").asText()).append(", mesh ").append(plan.path("meshCidr").asText())
                    .append('\n');
        }
        sb.append("Created:   ").append(c.path("createdAt").asText("-")).append(" (").append(age(c.path("createdAt")))
                .append(" ago), ").append(c.path("events").asText("0")).append(" event(s)\n\n");

        TextTable conditions = new TextTable("CONDITION", "STATUS", "REASON", "MESSAGE", "LAST TRANSITION");
        for (JsonNode k : c.path("conditions")) {
            conditions.row(k.path("type").asText(), k.path("status").asText(), k.path("reason").asText(null),
                    k.path("message").asText(null), k.path("lastTransitionTime").asText(null));
        }
        sb.append(conditions.render());
        nodes(sb, c.path("nodes"));
        apps(sb, c.path("apps"));
        dns(sb, c.path("dnsRecords"));
        return sb.toString();
    }

    private void nodes(StringBuilder sb, JsonNode nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        List<String> types = new ArrayList<>();
        nodes.get(0).path("conditions").forEach(k -> types.add(k.path("type").asText()));
        boolean linodes = false;
        for (JsonNode n : nodes) {
            linodes |= n.hasNonNull("linodeId");
        }
        List<String> headers = new ArrayList<>(List.of("NODE", "LABEL"));
        if (linodes) {
            // a gateway that reports instances: a replaced node shows its new one
            headers.add("LINODE");
        }
        headers.addAll(List.of("PUBLIC IPV4", "PRIVATE IPV4"));
        types.forEach(type -> headers.add(LAYER_COLUMNS.getOrDefault(type, type.toUpperCase())));
        TextTable grid = new TextTable(headers.toArray(String[]::new));
        List<String> problems = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        for (JsonNode n : nodes) {
            List<Object> row = new ArrayList<>(List.of(n.path("node").asText(), n.path("label").asText("")));
            if (linodes) {
                row.add(n.path("linodeId").asText(""));
            }
            row.addAll(List.of(n.path("publicIpv4").asText(""), n.path("privateIpv4").asText("")));
            for (JsonNode k : n.path("conditions")) {
                row.add(k.path("status").asText() + "/" + k.path("reason").asText());
                if ("ContainersReady".equals(k.path("type").asText()) && "True".equals(k.path("status").asText())
                        && k.hasNonNull("message")) {
                    containers.add("node " + n.path("node").asText() + ": " + k.path("message").asText());
                }
                if ("False".equals(k.path("status").asText())) {
                    problems.add("node " + n.path("node").asText() + " " + k.path("type").asText() + ": "
                            + k.path("reason").asText() + " - " + k.path("message").asText(""));
                }
            }
            grid.row(row.toArray());
        }
        sb.append('\n').append(grid.render());
        if (!containers.isEmpty()) {
            sb.append("\nContainers:\n");
            containers.forEach(c -> sb.append("  ").append(c).append('\n'));
        }
        if (!problems.isEmpty()) {
            sb.append("\nProblems:\n");
            problems.forEach(p -> sb.append("  ").append(p).append('\n'));
        }
    }

    private static void apps(StringBuilder sb, JsonNode apps) {
        if (apps.isEmpty()) {
            return;
        }
        TextTable t = new TextTable("APP", "HOST", "URL", "READY");
        apps.forEach(a -> t.row(a.path("app").asText(), a.path("host").asText(null), a.path("url").asText(null),
                a.path("ready").asBoolean() ? "yes" : "no"));
        sb.append('\n').append(t.render());
    }

    private static void dns(StringBuilder sb, JsonNode records) {
        if (records.isEmpty()) {
            return;
        }
        TextTable t = new TextTable("DNS NAME", "A RECORDS");
        for (Map.Entry<String, JsonNode> e : records.properties()) {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            t.row(e.getKey(), String.join(", ", values));
        }
        sb.append('\n').append(t.render());
    }

    private static String readyLayers(JsonNode c) {
        int ok = 0;
        int all = 0;
        for (JsonNode k : c.path("conditions")) {
            // the layers' conditions only (not Ready, not NodeRepaired)
            if (LAYER_COLUMNS.containsKey(k.path("type").asText())) {
                all++;
                ok += "True".equals(k.path("status").asText()) ? 1 : 0;
            }
        }
        return all == 0 ? null : ok + "/" + all;
    }

    private String age(JsonNode time) {
        Instant t = Times.parse(time);
        return t == null ? "-" : Times.age(Duration.between(t, clock.instant()));
    }
}
