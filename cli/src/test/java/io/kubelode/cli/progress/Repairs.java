package io.kubelode.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelode.events.EventType;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.Repair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Histories of a repair after the recorded Ready cluster: the gateway's SSE entries (the shape of the
 * recorded ones), composed here since no repair was recorded from a real gateway. Node 2 is replaced an
 * hour after the request.
 */
final class Repairs {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final Instant STARTED = T0.plus(Duration.ofHours(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    private Repairs() {
    }

    /** The recorded Ready history, then node 2's replacement: every layer again, then NodeRepaired. */
    static List<JsonNode> replaced() {
        List<JsonNode> ready = Recorded.entries("ready");
        List<JsonNode> out = new ArrayList<>(ready);
        add(out, started(), STARTED);
        add(out, new NodeProvisioned("homelab-abcde", 2, "homelab-abcde-2", 2002, "us-east", "127.0.20.2",
                "192.168.130.2", 22, "SHA256:new2"), STARTED.plusSeconds(50));
        again(out, ready.get(5), STARTED.plusSeconds(95));
        again(out, ready.get(7), STARTED.plusSeconds(110));
        again(out, ready.get(8), STARTED.plusSeconds(300));
        again(out, ready.get(9), STARTED.plusSeconds(400));
        again(out, ready.get(10), STARTED.plusSeconds(412));
        add(out, new NodeRepaired("homelab-abcde", 2, Repair.REPLACE, 2002, 412.5), STARTED.plusSeconds(413));
        return out;
    }

    /** The recorded Ready history, then node 2's replacement failing after its new instance came. */
    static List<JsonNode> degraded() {
        List<JsonNode> out = new ArrayList<>(Recorded.entries("ready"));
        add(out, started(), STARTED);
        add(out, new NodeProvisioned("homelab-abcde", 2, "homelab-abcde-2", 2002, "us-east", "127.0.20.2",
                "192.168.130.2", 22, "SHA256:new2"), STARTED.plusSeconds(50));
        add(out, new NodeRepairFailed("homelab-abcde", 2, Repair.REPLACE, FailureReason.LXD_CONTAINERS_FAILED,
                "lxc-start exited 1"), STARTED.plusSeconds(130));
        return out;
    }

    private static NodeRepairStarted started() {
        return new NodeRepairStarted("homelab-abcde", 2, Repair.REPLACE, 1002, "linode_delete finished (event 90211)");
    }

    private static void add(List<JsonNode> out, KubelodeEvent e, Instant time) {
        EventType type = EventType.of(e);
        ObjectNode entry = JSON.createObjectNode();
        entry.put("position", out.size());
        entry.put("id", "repair-" + out.size());
        entry.put("type", type.type());
        entry.put("source", "/kubelode/cli-test");
        entry.put("time", time.toString());
        entry.put("topic", type.topic());
        entry.put("partition", 2);
        entry.put("offset", 100 + out.size());
        entry.set("data", JSON.valueToTree(e));
        out.add(entry);
    }

    private static void again(List<JsonNode> out, JsonNode recorded, Instant time) {
        ObjectNode entry = recorded.deepCopy();
        entry.put("position", out.size());
        entry.put("id", "repair-" + out.size());
        entry.put("time", time.toString());
        out.add(entry);
    }

    static List<String> lines(List<JsonNode> entries) {
        return entries.stream().map(JsonNode::toString).toList();
    }
}
