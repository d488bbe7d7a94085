package io.kubelode.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One line saying what an event means, from its CloudEvents type and payload. */
final class StepText {
    static final String REQUESTED = "kubelode.cluster.requested.v1";
    static final String SCALE_REQUESTED = "kubelode.cluster.scale-requested.v1";
    static final String DELETE_REQUESTED = "kubelode.cluster.delete-requested.v1";
    static final String NODE_PROVISIONED = "kubelode.node.provisioned.v1";
    static final String LXC_READY = "kubelode.lxc.ready.v1";
    static final String NETWORK_ROUTED = "kubelode.network.routed.v1";
    static final String CLUSTER_JOINED = "kubelode.cluster.joined.v1";
    static final String APPS_DEPLOYED = "kubelode.apps.deployed.v1";
    static final String DNS_PUBLISHED = "kubelode.dns.published.v1";
    static final String DNS_WITHDRAWN = "kubelode.dns.address-withdrawn.v1";
    static final String DNS_RESTORED = "kubelode.dns.address-restored.v1";

    private StepText() {
    }

    /** Every layer's failure looks the same: a {@code ...failed...} type with reason and message. */
    static boolean isFailure(String type, Layer layer, JsonNode data) {
        return layer != null && type.contains("failed") && data.has("reason");
    }

    /** Every layer's compensation looks the same: a payload with a cause (ROLLBACK or DELETE). */
    static boolean isCompensation(Layer layer, JsonNode data) {
        return layer != null && data.has("cause");
    }

    static String of(String type, Layer layer, JsonNode data) {
        int node = data.path("node").asInt(0);
        return switch (type) {
            case REQUESTED -> "requested: " + data.path("spec").path("nodes").asInt() + " x "
                    + data.path("spec").path("nodeType").asText() + " in " + data.path("spec").path("region").asText();
            case SCALE_REQUESTED -> "scale requested: " + data.path("fromNodes").asInt() + " -> "
                    + data.path("spec").path("nodes").asInt() + " nodes";
            case DELETE_REQUESTED -> "delete requested";
            case NODE_PROVISIONED -> "node " + node + ": Linode " + data.path("linodeId").asText() + " "
                    + data.path("label").asText() + " at " + data.path("publicIpv4").asText() + " provisioned";
            case LXC_READY -> "node " + node + ": containers " + data.path("master").path("name").asText() + " and "
                    + data.path("worker").path("name").asText() + " running (SELinux " + data.path("selinux").asText()
                    + ")";
            case NETWORK_ROUTED -> "network: " + data.path("nodes").size() + " node(s) on the mesh "
                    + data.path("plan").path("meshCidr").asText();
            case CLUSTER_JOINED -> "kubernetes: " + data.path("kubernetesVersion").asText() + " joined, "
                    + data.path("etcdMembers").asInt() + " etcd member(s), API " + data.path("apiEndpoint").asText();
            case APPS_DEPLOYED -> apps(data);
            case DNS_PUBLISHED -> "dns: " + data.path("records").size() + " name(s) published";
            case DNS_WITHDRAWN -> "dns: node " + node + "'s address " + data.path("address").asText() + " withdrawn ("
                    + data.path("reason").asText() + ")";
            case DNS_RESTORED -> "dns: node " + node + "'s address " + data.path("address").asText() + " restored";
            default -> other(type, layer, data, node);
        };
    }

    private static String apps(JsonNode data) {
        List<String> urls = new ArrayList<>();
        int ready = 0;
        for (JsonNode a : data.path("apps")) {
            urls.add(a.path("url").asText());
            ready += a.path("ready").asBoolean() ? 1 : 0;
        }
        return "apps: " + ready + " of " + urls.size() + " ready " + String.join(" ", urls);
    }

    private static String other(String type, Layer layer, JsonNode data, int node) {
        if (isFailure(type, layer, data)) {
            boolean onNode = layer.perNode() && node > 0;
            return (onNode ? "node " + node + ": " + layer.label() : layer.label()) + " FAILED: "
                    + data.path("reason").asText() + " - " + data.path("message").asText("");
        }
        if (isCompensation(layer, data)) {
            String cause = data.path("cause").asText();
            return layer.label() + ": released (" + ("DELETE".equals(cause) ? "delete"
                    : "rollback: " + data.path("reason").asText()) + ")";
        }
        return type;
    }
}
