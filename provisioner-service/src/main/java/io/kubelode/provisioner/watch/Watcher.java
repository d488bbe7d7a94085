package io.kubelode.provisioner.watch;

import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.Topics;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.layer.EventPublisher;
import io.kubelode.provisioner.ProvisionerConfig;
import io.kubelode.provisioner.linode.LinodeApi;
import io.kubelode.support.kafka.TopicFollower;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link NodeWatch} every {@code kubelode.provisioner.watch.interval} over a {@link RepairView}
 * that follows every topic from the beginning, and gives the repair step its cluster's spec.
 */
@ApplicationScoped
public class Watcher {
    private static final Logger LOG = Logger.getLogger(Watcher.class);

    @Inject
    ProvisionerConfig config;
    @Inject
    LinodeApi linode;
    @Inject
    EventPublisher publisher;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final RepairView view = new RepairView();
    private TopicFollower follower;
    private ScheduledExecutorService rounds;

    void start(@Observes StartupEvent start) {
        follower = new TopicFollower(bootstrap, "provisioner-watch", Topics.ALL, view::fold).start();
        if (!config.watch().enabled()) {
            LOG.info("the node watch is off (kubelode.provisioner.watch.enabled=false)");
            return;
        }
        NodeWatch watch = new NodeWatch(linode, view, follower::barrier, publisher::publish,
                config.watch().replaceAfter(), Clock.systemUTC());
        rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "provisioner-watch");
            t.setDaemon(true);
            return t;
        });
        long every = config.watch().interval().toMillis();
        rounds.scheduleWithFixedDelay(() -> {
            try {
                watch.round();
            } catch (RuntimeException e) {
                LOG.warnf("watch round failed, next in %d ms: %s", every, e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The spec of the repair's cluster, once the view holds every record written before the repair. */
    public CompletableFuture<ClusterSpec> spec(NodeRepairStarted repair) {
        return follower.barrier().thenApply(x -> view.read(repair.clusterId(), RepairView.Cluster::spec));
    }

    @PreDestroy
    void stop() {
        if (rounds != null) {
            rounds.shutdownNow();
        }
        if (follower != null) {
            follower.close();
        }
    }
}
