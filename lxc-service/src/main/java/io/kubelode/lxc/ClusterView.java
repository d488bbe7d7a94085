package io.kubelode.lxc;

import io.kubelode.events.GatewayEvent;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.ProvisionerEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this service needs to know about clusters, rebuilt from the gateway and provisioner
 * topics (read from the beginning under a group of its own after every start, so nothing lives
 * only in memory): each cluster's spec (for the address plan) and its provisioned nodes (for
 * the compensation).
 */
@ApplicationScoped
public class ClusterView {
    private final Map<String, CompletableFuture<ClusterSpec>> specs = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, NodeProvisioned>> nodes = new ConcurrentHashMap<>();

    void onGateway(GatewayEvent event) {
        if (event instanceof ClusterRequested r) {
            putSpec(r.clusterId(), r.spec());
        } else if (event instanceof ClusterScaleRequested s) {
            putSpec(s.clusterId(), s.spec());
        }
    }

    void onProvisioner(ProvisionerEvent event) {
        if (event instanceof NodeProvisioned p) {
            nodes.computeIfAbsent(p.clusterId(), k -> new ConcurrentHashMap<>()).put(p.node(), p);
        } else if (event instanceof NodesReleased r) {
            nodes.remove(r.clusterId());
        } else if (event instanceof NodesRemoved r) {
            Map<Integer, NodeProvisioned> known = nodes.get(r.clusterId());
            if (known != null) {
                r.nodes().forEach(known::remove);
            }
        }
    }

    private void putSpec(String clusterId, ClusterSpec spec) {
        CompletableFuture<ClusterSpec> f = specs.computeIfAbsent(clusterId, k -> new CompletableFuture<>());
        if (!f.complete(spec)) {
            specs.put(clusterId, CompletableFuture.completedFuture(spec));
        }
    }

    /** The cluster's spec, once the gateway's record of it has been read. */
    public CompletableFuture<ClusterSpec> spec(String clusterId) {
        return specs.computeIfAbsent(clusterId, k -> new CompletableFuture<>());
    }

    /** The nodes of the cluster provisioned and not yet released, in index order. */
    public List<NodeProvisioned> nodes(String clusterId) {
        return nodes.getOrDefault(clusterId, Map.of()).values().stream()
                .sorted(java.util.Comparator.comparingInt(NodeProvisioned::node)).toList();
    }
}
