package io.kubelode.dns;

import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.events.Topics;
import io.kubelode.support.kafka.TopicFollower;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each node's public address by node index, folded from the provisioner topic (a {@link TopicFollower},
 * rebuilt on every start, so nothing lives only in memory): a scale-down knows which addresses belong to
 * the leaving nodes.
 */
@ApplicationScoped
@Startup
public class NodeAddressView {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Map<String, Map<Integer, String>> addresses = new ConcurrentHashMap<>();
    private TopicFollower follower;

    @PostConstruct
    void start() {
        follower = new TopicFollower(bootstrapServers, "dns-addresses", List.of(Topics.PROVISIONER),
                event -> fold(event.data())).start();
    }

    @PreDestroy
    void stop() {
        follower.close();
    }

    void fold(KubelodeEvent event) {
        if (event instanceof NodeProvisioned p) {
            addresses.computeIfAbsent(p.clusterId(), k -> new ConcurrentHashMap<>()).put(p.node(), p.publicIpv4());
        } else if (event instanceof NodesReleased r) {
            addresses.remove(r.clusterId());
        } else if (event instanceof NodesRemoved r) {
            Map<Integer, String> known = addresses.get(r.clusterId());
            if (known != null) {
                r.nodes().forEach(known::remove);
            }
        }
    }

    /** Node → address of every node provisioned before the call (the view first reads the topic to its end). */
    public Map<Integer, String> addresses(String clusterId) {
        follower.barrier().join();
        return new TreeMap<>(addresses.getOrDefault(clusterId, Map.of()));
    }
}
