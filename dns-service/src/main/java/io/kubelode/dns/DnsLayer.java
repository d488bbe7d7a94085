package io.kubelode.dns;

import io.kubelode.dns.health.HealthMonitor;
import io.kubelode.dns.health.WatchRecovery;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.layer.EventPublisher;
import io.kubelode.layer.Layer;
import io.kubelode.layer.LayerSteps;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The DNS layer's steps (the layer runtime reads {@code kubelode.apps} and {@code kubelode.gateway} for
 * them): AppsDeployed publishes the records, ClusterDeleteRequested starts the teardown chain, and a
 * scale-down's ClusterScaleRequested withdraws the leaving nodes' addresses first. DNS calls run on the
 * layer's own threads; the layer runtime runs one cluster's steps one after another.
 */
@ApplicationScoped
public class DnsLayer implements Layer {
    private static final Logger LOG = Logger.getLogger(DnsLayer.class);

    @Inject
    DnsReconciler reconciler;
    @Inject
    HealthMonitor monitor;
    @Inject
    DnsConfig config;
    @Inject
    ClusterSpecs specs;
    @Inject
    DnsScale scale;
    @Inject
    EventPublisher publisher;

    private final ExecutorService work = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "dns-work");
        t.setDaemon(true);
        return t;
    });

    @Override
    public LayerSteps steps() {
        return LayerSteps.of(config.source()).inClusterOrder()
                .forward(AppsDeployed.class, d -> "publishing the records", this::publish)
                .always(ClusterDeleteRequested.class, this::delete)
                .forward(ClusterScaleRequested.class, s -> "withdrawing nodes " + s.leavingNodes(), scale::onScale);
    }

    private DnsSaga saga() {
        return new DnsSaga(reconciler, monitor, config.health().enabled(), specs::keepOnFailure);
    }

    /**
     * A publish never overlaps a teardown of the same cluster (one cluster's steps one after another), and
     * never follows one: a redelivered AppsDeployed after a delete or rollback started is a fenced forward step.
     */
    private CompletionStage<Void> publish(AppsDeployed deployed) {
        return CompletableFuture.supplyAsync(() -> saga().publish(deployed), work)
                .thenCompose(publisher::publishInOrder);
    }

    private CompletionStage<Void> delete(ClusterDeleteRequested delete) {
        return CompletableFuture.supplyAsync(() -> saga().delete(delete.clusterId()), work)
                .thenCompose(publisher::publish);
    }

    /** After a restart, watch again what the retained history says was watched (off the start-up thread). */
    void recover(@Observes StartupEvent start, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        if (!config.health().enabled()) {
            return;
        }
        work.submit(() -> {
            try {
                var watched = WatchRecovery.read(bootstrap, Duration.ofSeconds(60)).watched();
                watched.forEach(monitor::resume);
                LOG.infof("health watch resumed for %d clusters from the retained history", watched.size());
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not read the history to resume health watches");
            }
        });
    }

    @PreDestroy
    void stop() {
        work.shutdownNow();
    }
}
