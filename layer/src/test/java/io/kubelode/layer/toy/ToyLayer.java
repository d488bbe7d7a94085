package io.kubelode.layer.toy;

import io.kubelode.events.DnsEvent.DnsPublished;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.layer.EventPublisher;
import io.kubelode.layer.Layer;
import io.kubelode.layer.LayerSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a layer is written: its steps as plain functions of typed events, and a configuration (its work and
 * out channels, {@code src/test/resources/application.properties}). This toy "publishes" a cluster's name
 * when the cluster is requested (a forward step), takes it back when the cluster is deleted (a
 * compensation), and fails on a scale request. It imports nothing of Kafka.
 */
@ApplicationScoped
public class ToyLayer implements Layer {
    private final Map<String, AtomicInteger> forwardRuns = new ConcurrentHashMap<>();

    @Inject
    EventPublisher publisher;

    @Override
    public LayerSteps steps() {
        return LayerSteps.of("/kubelode/toy")
                .forward(ClusterRequested.class, r -> "publishing the name", this::publishName)
                .always(ClusterDeleteRequested.class, d -> publisher.publish(
                        new DnsRecordsDeleted(d.clusterId(), Cause.DELETE, FailureReason.DELETED)))
                .forward(ClusterScaleRequested.class, s -> "scaling", s -> {
                    throw new IllegalStateException("the toy cannot scale");
                });
    }

    /** How often the forward step ran for the cluster (for the test). */
    public int forwardRuns(String clusterId) {
        AtomicInteger runs = forwardRuns.get(clusterId);
        return runs == null ? 0 : runs.get();
    }

    private CompletionStage<Void> publishName(ClusterRequested requested) {
        forwardRuns.computeIfAbsent(requested.clusterId(), k -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.supplyAsync(() -> new DnsPublished(requested.clusterId(),
                Map.of(requested.spec().name() + ".toy", List.of("192.0.2.1")))).thenCompose(publisher::publish);
    }
}
