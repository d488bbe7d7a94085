package io.kubelode.k8s.flow;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/** What the layers below k8s publish before and with NetworkRouted, for the flow tests. */
final class LowerLayers {
    private LowerLayers() {
    }

    /**
     * Publishes what the gateway, provisioner and lxc layers would have before NetworkRouted: the
     * request, then each node's NodeProvisioned and LxcReady. Returns the spec's address plan.
     */
    static AddressPlan publish(String id, ClusterSpec spec, Consumer<KubelodeEvent> publish) {
        AddressPlan plan = AddressPlan.of(spec);
        publish.accept(new ClusterRequested(id, spec));
        for (int n = 1; n <= spec.nodes(); n++) {
            publish.accept(new NodeProvisioned(id, n, id + "-" + n, 1000 + n, "us-east", "127.0.11." + n,
                    "192.168.130." + n, 22, "SHA256:test"));
            var a = plan.node(n);
            publish.accept(new LxcReady(id, n, new Container(id + "-" + n + "-master", "master", a.masterAddress(),
                    100000, 65536), new Container(id + "-" + n + "-worker", "worker", a.workerAddress(), 200000,
                    65536), "disabled"));
        }
        return plan;
    }

    /**
     * Publishes what the provisioner and lxc layers would when node {@code n} was replaced in place
     * (issue #25): a new instance with a new public address, and its fresh containers under the same
     * names and addresses.
     */
    static void replace(String id, ClusterSpec spec, int n, String publicIpv4, Consumer<KubelodeEvent> publish) {
        var a = AddressPlan.of(spec).node(n);
        publish.accept(new NodeProvisioned(id, n, id + "-" + n, 2000 + n, "us-east", publicIpv4, "192.168.131." + n, 22,
                "SHA256:test"));
        publish.accept(new LxcReady(id, n, new Container(id + "-" + n + "-master", "master", a.masterAddress(), 100000,
                65536), new Container(id + "-" + n + "-worker", "worker", a.workerAddress(), 200000, 65536),
                "disabled"));
    }

    /** The routes of NetworkRouted for nodes 1 to {@code count}, each with a public peer. */
    static List<NodeRoutes> routes(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> new NodeRoutes(n, "pub" + n, true)).toList();
    }
}
