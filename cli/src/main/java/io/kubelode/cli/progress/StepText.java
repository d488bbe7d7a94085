package io.kubelode.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.cli.render.Times;
import io.kubelode.events.Compensation;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.EventType;
import io.kubelode.events.Failure;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One line saying what an event means, from its wire type and payload. */
final class StepText {
    private StepText() {
    }

    /**
     * @param type  the CloudEvents type as received
     * @param known that type, or null when this CLI does not know it (a newer version): the line is the type
     * @param event the payload read as its record, or null when it could not be
     */
    static String of(String type, EventType known, KubelodeEvent event, Layer layer, JsonNode data) {
        if (known == null) {
            return type;
        }
        int node = data.path("node").asInt(0);
        return switch (known) {
            case CLUSTER_REQUESTED -> "requested: " + data.path("spec").path("nodes").asInt() + " x "
                    + data.path("spec").path("nodeType").asText() + " in " + data.path("spec").path("region").asText();
            case CLUSTER_SCALE_REQUESTED -> "scale requested: " + data.path("fromNodes").asInt() + " -> "
                    + data.path("spec").path("nodes").asInt() + " nodes";
            case CLUSTER_DELETE_REQUESTED -> "delete requested";
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
            case DNS_ADDRESS_WITHDRAWN -> "dns: node " + node + "'s address " + data.path("address").asText()
                    + " withdrawn (" + data.path("reason").asText() + ")";
            case DNS_ADDRESS_RESTORED -> "dns: node " + node + "'s address " + data.path("address").asText()
                    + " restored";
            case NODE_REPAIR_STARTED -> "node " + node + ": repair started - " + data.path("repair").asText() + " of Linode "
                    + data.path("linodeId").asText() + (data.path("cause").asText("").isBlank() ? ""
                    : ", cause: " + data.path("cause").asText());
            case NODE_REPAIRED -> "node " + node + ": " + repaired(data.path("repair").asText()) + " in "
                    + Times.clock(Duration.ofSeconds(Math.round(data.path("seconds").asDouble()))) + " (Linode "
                    + data.path("linodeId").asText() + ")";
            case NODE_REPAIR_FAILED -> "node " + node + ": repair FAILED - " + data.path("repair").asText() + ": "
                    + data.path("reason").asText() + (data.path("message").asText("").isBlank() ? ""
                    : " - " + data.path("message").asText()) + "; a person is needed";
            default -> other(type, event, layer, node);
        };
    }

    /** {@code replaced}, {@code checked after a reboot}. */
    static String repaired(String repair) {
        return switch (repair) {
            case "REPLACE" -> "replaced";
            case "REBOOT" -> "checked after a reboot";
            default -> "repaired";
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

    private static String other(String type, KubelodeEvent event, Layer layer, int node) {
        if (layer != null && event instanceof Failure f) {
            boolean onNode = layer.perNode() && node > 0;
            return (onNode ? "node " + node + ": " + layer.label() : layer.label()) + " FAILED: "
                    + FailureReason.codeOf(f.reason()) + " - " + (f.message() == null ? "" : f.message());
        }
        if (layer != null && event instanceof Compensation c) {
            return layer.label() + ": released (" + (c.cause() == Cause.DELETE ? "delete"
                    : "rollback: " + FailureReason.codeOf(c.reason())) + ")";
        }
        return type;
    }
}
