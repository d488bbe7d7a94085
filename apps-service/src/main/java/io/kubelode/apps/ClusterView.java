package io.kubelode.apps;

import io.kubelode.events.GatewayEvent;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.ProvisionerEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.kafka.TopicFollower;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this service knows about each cluster from the topics it does not own: the spec (gateway)
 * and the nodes' public addresses (provisioner). It is rebuilt from the topics' history at every
 * start (a {@link TopicFollower}), so nothing here exists only in memory.
 */
@ApplicationScoped
@Startup
public class ClusterView {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    private TopicFollower follower;

    @PostConstruct
    void start() {
        follower = new TopicFollower(bootstrapServers, "apps-view", List.of(Topics.GATEWAY, Topics.PROVISIONER),
                event -> {
                    if (event.data() instanceof GatewayEvent g) {
                        onGateway(g);
                    } else if (event.data() instanceof ProvisionerEvent p) {
                        onProvisioner(p);
                    }
                }).start();
    }

    @PreDestroy
    void stop() {
        follower.close();
    }

    private final Map<String, CompletableFuture<ClusterSpec>> specs = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, String>> addresses = new ConcurrentHashMap<>();

    public void onGateway(GatewayEvent event) {
        if (event instanceof ClusterRequested r) {
            spec(r.clusterId()).complete(r.spec());
        } else if (event instanceof ClusterScaleRequested s) {
            specs.put(s.clusterId(), CompletableFuture.completedFuture(s.spec()));
        }
    }

    public void onProvisioner(ProvisionerEvent event) {
        if (event instanceof NodeProvisioned n) {
            addresses.computeIfAbsent(n.clusterId(), id -> new ConcurrentHashMap<>()).put(n.node(), n.publicIpv4());
        } else if (event instanceof NodesReleased r) {
            addresses.remove(r.clusterId());
        } else if (event instanceof NodesRemoved r) {
            Map<Integer, String> known = addresses.get(r.clusterId());
            if (known != null) {
                r.nodes().forEach(known::remove);
            }
        }
    }

    /** The spec, waiting up to {@code wait} for the gateway topic to deliver it. */
    public Optional<ClusterSpec> awaitSpec(String clusterId, Duration wait) throws InterruptedException {
        try {
            return Optional.of(spec(clusterId).get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The nodes' public IPv4 addresses in node order, waiting (back-off polling) up to {@code wait}
     * until {@code expected} nodes are known; after that, whatever is known.
     */
    public List<String> awaitNodeAddresses(String clusterId, int expected, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        while (nodeAddresses(clusterId).size() < expected && System.nanoTime() < deadline) {
            backoff.pause();
        }
        return nodeAddresses(clusterId);
    }

    /** The nodes' public IPv4 addresses in node order. */
    public List<String> nodeAddresses(String clusterId) {
        return List.copyOf(new TreeMap<>(addresses.getOrDefault(clusterId, Map.of())).values());
    }

    private CompletableFuture<ClusterSpec> spec(String clusterId) {
        return specs.computeIfAbsent(clusterId, id -> new CompletableFuture<>());
    }
}
