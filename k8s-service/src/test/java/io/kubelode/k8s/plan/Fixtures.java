package io.kubelode.k8s.plan;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** The homelab of examples/homelab.yaml with fixed (fake) secrets, for deterministic documents. */
public final class Fixtures {
    /** The Kubernetes version of tests that need any supported one. */
    public static final String VERSION = "1.36.1";
    public static final JoinSecrets SECRETS = new JoinSecrets("abcdef.0123456789abcdef",
            Instant.parse("2026-11-25T12:00:00Z"),
            "sha256:0000000000000000000000000000000000000000000000000000000000000000",
            "1111111111111111111111111111111111111111111111111111111111111111");

    private Fixtures() {
    }

    public static ClusterSpec spec(String version, int nodes) {
        return new ClusterSpec("homelab", "us-east", null, null, nodes, "dyll.in", null,
                List.of("ssh-ed25519 AAAA me@home"),
                new HomePeer("home.dyll.in:51820", "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=", "192.168.1.0/24", 873),
                version, null);
    }

    /** Nodes with public addresses 203.0.113.1n and containers from the plan. */
    public static ClusterLayout layout(String version, int count) {
        AddressPlan plan = AddressPlan.of(spec(version, count));
        List<ClusterNode> nodes = IntStream.rangeClosed(1, count).mapToObj(n -> new ClusterNode(n,
                "203.0.113.1" + n, "homelab-" + n + "-master", plan.node(n).masterAddress(),
                "homelab-" + n + "-worker", plan.node(n).workerAddress())).toList();
        return new ClusterLayout("homelab", version, plan, nodes, spec(version, count).domain());
    }
}
