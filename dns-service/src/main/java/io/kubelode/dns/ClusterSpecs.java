package io.kubelode.dns;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.kafka.TopicFollower;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Each cluster's spec, rebuilt from the gateway topic on every start (a {@link TopicFollower}, so
 * nothing lives only in memory): the layer needs it to know whether a failed cluster is kept for
 * debugging ({@link ClusterSpec#keepOnFailure()}) instead of rolled back.
 */
@ApplicationScoped
@Startup
public class ClusterSpecs {
    private static final Logger LOG = Logger.getLogger(ClusterSpecs.class);
    /** How long a failure waits for the view to catch up with the topic before it decides without it. */
    private static final Duration BARRIER_WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Map<String, ClusterSpec> specs = new ConcurrentHashMap<>();
    private TopicFollower follower;

    @PostConstruct
    void start() {
        follower = new TopicFollower(bootstrapServers, "dns-specs", List.of(Topics.GATEWAY), this::fold).start();
    }

    @PreDestroy
    void stop() {
        follower.close();
    }

    private void fold(CloudEvent event) {
        if (event.data() instanceof ClusterRequested r) {
            specs.put(r.clusterId(), r.spec());
        } else if (event.data() instanceof ClusterScaleRequested s) {
            specs.put(s.clusterId(), s.spec());
        }
    }

    /**
     * Whether the cluster's spec keeps a failed cluster for debugging, counting every record on the
     * gateway topic now. An unknown spec (or a view that cannot catch up) means no: the rollback runs.
     */
    public boolean keepOnFailure(String clusterId) {
        try {
            follower.barrier().get(BARRIER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("cluster %s: the spec view did not catch up with %s (%s); deciding on what it holds",
                    clusterId, Topics.GATEWAY, e.toString());
        }
        ClusterSpec spec = specs.get(clusterId);
        return Lifecycle.keeps(spec);
    }
}
