package io.kubelode.lxc;

import io.kubelode.events.GatewayEvent;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.ProvisionerEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.kafka.TopicFollower;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this service needs to know about clusters, rebuilt from the gateway and provisioner
 * topics on every start (a {@link TopicFollower}, so nothing lives only in memory): each cluster's
 * spec (for the address plan) and its provisioned nodes (for the compensation). A compensation
 * waits for {@link #barrier()} first: the view then holds every node announced before it.
 */
@ApplicationScoped
@Startup
public class ClusterView {
    private static final List<String> TOPICS = List.of(Topics.GATEWAY, Topics.PROVISIONER);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Map<String, CompletableFuture<ClusterSpec>> specs = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, NodeProvisioned>> nodes = new ConcurrentHashMap<>();
    private TopicFollower follower;

    @PostConstruct
    void start() {
        follower = new TopicFollower(bootstrapServers, "lxc-view", TOPICS, this::fold).start();
    }

    @PreDestroy
    void stop() {
        follower.close();
    }

    /** Completes once every record on the topics now has been folded in. */
    public CompletableFuture<Void> barrier() {
        return follower.barrier();
    }

    private void fold(CloudEvent event) {
        if (event.data() instanceof GatewayEvent g) {
            onGateway(g);
        } else if (event.data() instanceof ProvisionerEvent p) {
            onProvisioner(p);
        }
    }

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
