package io.kubelode.apps;

import io.kubelode.apps.kube.ClusterApi;
import io.kubelode.apps.kube.ClusterApiException;
import io.kubelode.apps.kube.ClusterApis;
import io.kubelode.apps.kube.KubeconfigSource;
import io.kubelode.apps.plan.AppContext;
import io.kubelode.apps.plan.SecureCredentials;
import io.kubelode.events.AppsEvent;
import io.kubelode.events.AppsEvent.AppsDeleted;
import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.AppsFailed;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsRecordsDeleted;
import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.events.Lifecycle;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.layer.EventPublisher;
import io.kubelode.support.saga.SagaFence;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The apps layer's part of the saga. ClusterJoined → deploy → AppsDeployed, or AppsFailed, then
 * (unless the spec keeps failed clusters) teardown and AppsDeleted ROLLBACK. DnsRecordsDeleted →
 * teardown → AppsDeleted with the same cause. Everything runs off the consumer thread; the
 * returned stage completes once the outgoing events are on the broker.
 */
@ApplicationScoped
public class AppsSaga {
    private static final Logger LOG = Logger.getLogger(AppsSaga.class);

    @Inject
    AppsConfig config;
    @Inject
    ClusterView view;
    @Inject
    ClusterApis apis;
    @Inject
    EventPublisher publisher;
    @Inject
    SagaFence fence;

    private ExecutorService clusters;
    private ExecutorService waits;
    private AppsDeployer deployer;

    @PostConstruct
    void start() {
        clusters = Executors.newFixedThreadPool(config.workers(), named("apps-cluster"));
        waits = Executors.newCachedThreadPool(named("apps-ready"));
        deployer = new AppsDeployer(new Reconciler(config.apiAttempts(), config.apiRetry()),
                new ReadinessWaiter(config.pollFirst(), config.pollMax()), waits);
    }

    @PreDestroy
    void stop() {
        clusters.shutdownNow();
        waits.shutdownNow();
    }

    /** ClusterJoined (a forward step: never for a cluster being rolled back or deleted): deploy the apps. */
    public CompletionStage<Void> onClusterJoined(ClusterJoined joined) {
        // a deploy and a teardown of one cluster never overlap: the runtime runs its steps in order (AppsLayer)
        return CompletableFuture.runAsync(() -> deploy(joined.clusterId()), clusters);
    }

    public CompletionStage<Void> onDnsRecordsDeleted(DnsRecordsDeleted deleted) {
        return CompletableFuture.runAsync(() -> {
            teardown(deleted.clusterId());
            publish(new AppsDeleted(deleted.clusterId(), deleted.cause(), deleted.reason()));
        }, clusters);
    }

    private void deploy(String clusterId) {
        ClusterSpec spec = null;
        AppsDeployed done;
        try {
            spec = view.awaitSpec(clusterId, config.specWait()).orElseThrow(() -> AppsFailure.permanent(
                    FailureReason.SPEC_UNKNOWN, "no ClusterRequested for " + clusterId + " within "
                            + config.specWait().toSeconds() + " s"));
            try (ClusterApi api = connect(clusterId)) {
                AppContext ctx = AppContext.of(clusterId, spec, new SecureCredentials(), config.blogRepository());
                AppsDeployer.Deployed deployed = deployer.deploy(api, ctx, config.readyTimeout());
                LOG.infof("cluster %s: %d apps ready %s", clusterId, deployed.apps().size(), deployed.counts());
                done = new AppsDeployed(clusterId, view.awaitNodeAddresses(clusterId, spec.nodes(),
                        config.specWait()), deployed.apps());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException e) {
            AppsFailure failure = classify(e);
            LOG.warnf("cluster %s: %s %s", clusterId, failure.reason(), failure.getMessage());
            publish(new AppsFailed(clusterId, failure.reason(), failure.getMessage()));
            if (Lifecycle.keeps(spec)) {
                LOG.infof("cluster %s: kept for debugging (keepOnFailure)", clusterId);
                return;
            }
            teardown(clusterId);
            publish(new AppsDeleted(clusterId, Cause.ROLLBACK, failure.reason()));
            return;
        }
        if (fence.fencedNow(clusterId)) {
            // a delete or rollback started while deploying: its teardown runs next, DNS must not publish
            LOG.infof("cluster %s: apps deployed, but the cluster is being rolled back or deleted", clusterId);
            return;
        }
        // outside the try: a broker hiccup here must fail the record (redelivery is a NOOP deploy), never
        // tear down apps that are up
        publish(done);
    }

    /**
     * Removes whatever kubelode created; nothing to do when there is no kubeconfig (the cluster never
     * joined). A kubeconfig that does not open, or an API that no longer answers (its control planes
     * down or gone, after every retry), cannot be acted on: the k8s layer's reset, next in the chain,
     * takes the apps down with the cluster, and the instances go after it. An API that answers and
     * refuses is a failure.
     */
    private void teardown(String clusterId) {
        Optional<ClusterApi> connected;
        try {
            connected = apis.connect(clusterId);
        } catch (KubeconfigSource.Unreadable e) {
            LOG.warnf("cluster %s: %s; nothing torn down here, the k8s reset removes the apps with the cluster",
                    clusterId, e.getMessage());
            return;
        }
        if (connected.isEmpty()) {
            LOG.infof("cluster %s: no kubeconfig at %s, nothing to tear down", clusterId, apis.location(clusterId));
            return;
        }
        try (ClusterApi api = connected.get()) {
            deployer.teardown(api, clusterId, config.volumesTimeout());
        } catch (AppsFailure e) {
            if (e.reason() != FailureReason.API_UNREACHABLE) {
                throw e;
            }
            LOG.warnf("cluster %s: %s; nothing torn down here, the k8s reset removes the apps with the cluster",
                    clusterId, e.getMessage());
        }
    }

    private ClusterApi connect(String clusterId) {
        try {
            return apis.connect(clusterId).orElseThrow(() -> AppsFailure.permanent(FailureReason.KUBECONFIG_MISSING,
                    "no admin kubeconfig for " + clusterId + " at " + apis.location(clusterId)
                            + ": the k8s layer writes it there before ClusterJoined; kubelode.apps.kubeconfig-dir"
                            + " (KUBELODE_KUBECONFIG_DIR) must be the directory the k8s layer writes to"));
        } catch (KubeconfigSource.Unreadable e) {
            throw AppsFailure.permanent(FailureReason.KUBECONFIG_UNREADABLE, e.getMessage());
        }
    }

    private void publish(AppsEvent event) {
        publisher.publish(event).toCompletableFuture().join();
    }

    static AppsFailure classify(RuntimeException e) {
        if (e instanceof AppsFailure f) {
            return f;
        }
        if (e instanceof ClusterApiException c) {
            return new AppsFailure(c.isTransient() ? FailureReason.API_UNREACHABLE : FailureReason.APPLY_REJECTED,
                    c.getMessage(), c.isTransient(), null);
        }
        return new AppsFailure(FailureReason.API_UNREACHABLE, e.getClass().getSimpleName(), true, null);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
