package io.kubelode.dns;

import io.kubelode.dns.health.HealthMonitor;
import io.kubelode.dns.health.WatchRecovery;
import io.quarkus.runtime.StartupEvent;
import io.kubelode.support.saga.PerCluster;
import io.kubelode.support.saga.SagaFence;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.DnsEvent;
import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.Topics;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The dns-service's Kafka side: AppsDeployed publishes the records, ClusterDeleteRequested starts
 * the teardown chain. DNS calls run on the service's own threads, never the consumer thread; a
 * record is acknowledged only after every event it caused is on the broker.
 */
@ApplicationScoped
public class DnsEvents {
    private static final Logger LOG = Logger.getLogger(DnsEvents.class);
    private static final int REMEMBERED_IDS = 10_000;

    @Inject
    DnsReconciler reconciler;

    @Inject
    HealthMonitor monitor;

    @Inject
    DnsConfig config;

    @Inject
    SagaFence fence;

    @Inject
    ClusterSpecs specs;

    @Inject
    @Channel("dns-out")
    Emitter<String> out;

    private final ExecutorService work = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "dns-work");
        t.setDaemon(true);
        return t;
    });
    private final PerCluster perCluster = new PerCluster(work);

    /** ce ids whose work completed, so a redelivered record is acknowledged without running again. */
    private final Set<String> done = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_IDS;
                }
            }));

    private DnsSaga saga() {
        return new DnsSaga(reconciler, monitor, config.health().enabled(), specs::keepOnFailure);
    }

    /** The work channel: {@code kubelode.apps} and {@code kubelode.gateway} ({@link EventMessages#topic}). */
    @Incoming("work")
    public CompletionStage<Void> work(Message<String> message) {
        return Topics.APPS.equals(EventMessages.topic(message)) ? onApps(message) : onGateway(message);
    }

    CompletionStage<Void> onApps(Message<String> message) {
        // a publish never overlaps a teardown of the same cluster, and never follows one: a redelivered
        // AppsDeployed after a delete or rollback started publishes nothing
        return handle(message, event -> event.data() instanceof AppsDeployed deployed
                ? perCluster.run(deployed.clusterId(), () -> fence.fenced(deployed.clusterId()).join()
                        ? skipped(deployed.clusterId()) : saga().publish(deployed))
                : CompletableFuture.completedFuture(List.of()));
    }

    CompletionStage<Void> onGateway(Message<String> message) {
        return handle(message, event -> event.data() instanceof ClusterDeleteRequested delete
                ? perCluster.run(delete.clusterId(), () -> List.<DnsEvent>of(saga().delete(delete.clusterId())))
                : CompletableFuture.completedFuture(List.of()));
    }

    private static List<DnsEvent> skipped(String clusterId) {
        LOG.infof("%s: not publishing: the cluster is being rolled back or deleted", clusterId);
        return List.of();
    }

    private CompletionStage<Void> handle(Message<String> message,
                                         Function<CloudEvent, CompletionStage<List<DnsEvent>>> step) {
        CloudEvent event;
        try {
            event = EventMessages.read(message);
        } catch (PoisonEvent e) {
            LOG.warnf("unreadable record sent to the dead letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        if (done.contains(event.id())) {
            return message.ack();
        }
        // records of other clusters go on meanwhile; one cluster's steps stay in order (PerCluster)
        CompletionStage<Void> work = step.apply(event).thenCompose(this::sendInOrder)
                .thenRun(() -> done.add(event.id()));
        return EventMessages.settleWhenDone(message, work,
                failure -> LOG.errorf(failure, "%s %s failed", event.type().type(), event.subject()));
    }

    private CompletionStage<Void> sendInOrder(List<DnsEvent> events) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (DnsEvent e : events) {
            chain = chain.thenCompose(v -> EventMessages.send(out, CloudEvent.of(config.source(), e)));
        }
        return chain;
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
