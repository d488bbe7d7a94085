package io.kubelode.cli.render;

import com.fasterxml.jackson.databind.JsonNode;

/** Human text of a dry run's plan (POST /clusters?dryRun=true). */
public final class PlanText {
    private PlanText() {
    }

    public static String render(JsonNode plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("Plan for cluster ").append(plan.path("clusterId").asText())
                .append(" (dry run: nothing was created, nothing is charged)\n\n");
        TextTable instances = new TextTable("NODE", "LINODE LABEL", "REGION", "TYPE", "IMAGE");
        plan.path("instances").forEach(i -> instances.row(i.path("node").asText(), i.path("label").asText(),
                i.path("region").asText(), i.path("type").asText(), i.path("image").asText()));
        sb.append(instances.render()).append('\n');

        TextTable containers = new TextTable("NODE", "CONTAINER", "ROLE", "ADDRESS", "UNPRIVILEGED");
        plan.path("containers").forEach(c -> containers.row(c.path("node").asText(), c.path("name").asText(),
                c.path("role").asText(), c.path("address").asText(), c.path("unprivileged").asBoolean() ? "yes" : "no"));
        sb.append(containers.render()).append('\n');

        JsonNode a = plan.path("addressPlan");
        if (!a.isMissingNode() && !a.isNull()) {
            sb.append("Address plan: containers ").append(a.path("containerCidr").asText()).append(", pods ")
                    .append(a.path("clusterCidr").asText()).append(", services ").append(a.path("serviceCidr").asText())
                    .append(", mesh ").append(a.path("meshCidr").asText());
            if (a.hasNonNull("homeMeshAddress")) {
                sb.append(", home peer ").append(a.path("homeMeshAddress").asText()).append(" (LAN ")
                        .append(a.path("homeLanCidr").asText()).append(')');
            }
            sb.append("\n\n");
        }

        TextTable apps = new TextTable("APP", "HOST", "URL");
        plan.path("apps").forEach(p -> apps.row(p.path("app").asText(), p.path("host").asText(), p.path("url").asText()));
        if (!apps.isEmpty()) {
            sb.append(apps.render()).append('\n');
        }
        TextTable dns = new TextTable("DNS NAME", "TYPE", "TTL", "VALUES");
        plan.path("dnsRecords").forEach(r -> dns.row(r.path("name").asText(), r.path("type").asText(),
                r.path("ttlSec").asText(), r.path("values").asText()));
        if (!dns.isEmpty()) {
            sb.append(dns.render()).append('\n');
        }
        TextTable steps = new TextTable("STEP", "LAYER", "NODE", "ACTION", "COMMAND");
        plan.path("steps").forEach(s -> steps.row(s.path("order").asText(), s.path("layer").asText(),
                s.path("node").isNull() ? "all" : s.path("node").asText("all"), s.path("action").asText(),
                s.path("command").asText()));
        sb.append(steps.render()).append('\n');
        sb.append(preflight(plan.path("preflight")));
        sb.append(cost(plan.path("cost"))).append('\n');
        return sb.toString();
    }

    /**
     * What the gateway checked against Linode before anything is created, e.g.
     * {@code Preflight: region, image and type checked against Linode; memory: 3 x g6-standard-2 ...}.
     * A plan without the section (an older gateway) says nothing rather than something untrue.
     */
    public static String preflight(JsonNode p) {
        if (p.isMissingNode() || p.isNull()) {
            return "";
        }
        if (!p.path("checked").asBoolean()) {
            return "Preflight: " + p.path("verdict").asText("not checked") + "\n";
        }
        StringBuilder sb = new StringBuilder("Preflight: region, image and type checked against Linode\n");
        JsonNode memory = p.path("memory");
        if (!memory.isMissingNode() && !memory.isNull()) {
            sb.append("  every instance holds ").append(memory.path("perInstanceMiB").asInt())
                    .append(" MiB before any pod (the system and the control plane, the worker node, the eviction"
                            + " threshold)\n");
        }
        sb.append("  memory: ").append(p.path("verdict").asText()).append('\n');
        if (!p.path("fits").asBoolean() && p.path("overcommitMemory").asBoolean()) {
            sb.append("  WARNING: the apps do not fit and overcommitMemory is true: the cluster is created anyway,"
                    + " and pods will be evicted or killed for memory\n");
        }
        return sb.toString();
    }

    /** e.g. {@code Monthly cost: 3 x g6-nanode-1 at 5.00 USD = 15.00 USD/month (static price table ...)}. */
    public static String cost(JsonNode cost) {
        String currency = cost.path("currency").asText("USD");
        String each = cost.hasNonNull("perNode") ? cost.path("perNode").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                + " " + currency : "unknown";
        String total = cost.hasNonNull("monthly") ? cost.path("monthly").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                + " " + currency + "/month" : "unknown";
        return "Monthly cost: " + cost.path("nodes").asText() + " x " + cost.path("nodeType").asText() + " at "
                + each + " = " + total + " (" + cost.path("priceSource").asText("price source unknown") + ")";
    }
}
