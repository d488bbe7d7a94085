package io.kubelode.apps;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelode.apps.kube.ClusterApi;
import io.kubelode.apps.kube.ObjectResult;
import io.kubelode.apps.kube.Outcome;
import io.kubelode.apps.plan.AppContext;
import io.kubelode.apps.plan.AppPlan;
import io.kubelode.apps.plan.Catalog;
import io.kubelode.apps.plan.Kube;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.FailureReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The apps layer's work on one cluster, as a list: apply the platform, apply every app, wait for
 * every app concurrently (each with its own deadline); or tear everything down, volumes first.
 */
public final class AppsDeployer {
    private static final Logger LOG = Logger.getLogger(AppsDeployer.class);
    private final Reconciler reconciler;
    private final ReadinessWaiter waiter;
    private final ExecutorService pool;

    AppsDeployer(Reconciler reconciler, ReadinessWaiter waiter, ExecutorService pool) {
        this.reconciler = reconciler;
        this.waiter = waiter;
        this.pool = pool;
    }

    /** What a deploy did: every object's outcome, and the apps with their URLs. */
    public record Deployed(List<ObjectResult> applied, List<DeployedApp> apps) {
        public Map<Outcome, Long> counts() {
            return applied.stream().collect(Collectors.groupingBy(ObjectResult::outcome, Collectors.counting()));
        }
    }

    /**
     * Applies and waits; throws {@link AppsFailure} naming what failed. The platform's and every
     * app's objects are applied together, wave by wave ({@link io.kubelode.apps.plan.ApplyWaves}).
     */
    public Deployed deploy(ClusterApi api, AppContext ctx, Duration readyTimeout) {
        List<AppPlan> plans = Catalog.plan(ctx);
        // every plan's objects together, in waves (namespaces and CRDs first ... ingresses last),
        // each wave's objects applied concurrently: a few round trips instead of one per object
        List<HasMetadata> objects = plans.stream().flatMap(p -> p.objects().stream()).toList();
        List<ObjectResult> applied = reconciler.applyInWaves(api, objects, pool);
        LOG.infof("cluster %s: applied %d objects %s", ctx.clusterId(), applied.size(),
                new Deployed(applied, List.of()).counts());
        Map<AppPlan, CompletableFuture<List<String>>> waits = new LinkedHashMap<>();
        plans.forEach(p -> waits.put(p, CompletableFuture.supplyAsync(() -> awaitOne(api, p, readyTimeout), pool)));
        Map<String, List<String>> notReady = new LinkedHashMap<>();
        waits.forEach((plan, wait) -> {
            List<String> pending = join(wait);
            if (!pending.isEmpty()) {
                notReady.put(plan.name(), pending);
            }
        });
        if (!notReady.isEmpty()) {
            FailureReason reason = notReady.containsKey(plans.get(0).name()) ? FailureReason.PLATFORM_NOT_READY
                    : FailureReason.APPS_NOT_READY;
            throw AppsFailure.permanent(reason, "not ready within " + readyTimeout.toSeconds() + " s: " + notReady);
        }
        List<DeployedApp> apps = plans.stream().filter(p -> p.app() != null)
                .map(p -> new DeployedApp(p.app(), ctx.url(p.app()), true)).toList();
        return new Deployed(applied, apps);
    }

    /** Deletes every kubelode object of the cluster; the volumes go before the provisioner that removes them. */
    public List<ObjectResult> teardown(ClusterApi api, String clusterId, Duration volumesTimeout) {
        List<ObjectResult> deleted = new ArrayList<>(reconciler.retrying(
                () -> api.deleteOwned(clusterId, ClusterApi.OwnedFilter.ALL_BUT_STORAGE)));
        try {
            long deadline = System.nanoTime() + volumesTimeout.toNanos();
            Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
            while (reconciler.retrying(() -> api.volumesOfClass(Kube.STORAGE_CLASS)) > 0
                    && System.nanoTime() < deadline) {
                backoff.pause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleted.addAll(reconciler.retrying(() -> api.deleteOwned(clusterId, ClusterApi.OwnedFilter.ALL)));
        LOG.infof("cluster %s: deleted %d objects", clusterId, deleted.size());
        return deleted;
    }

    private List<String> awaitOne(ClusterApi api, AppPlan plan, Duration timeout) {
        try {
            return waiter.await(api, plan, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppsFailure(FailureReason.API_UNREACHABLE, "interrupted while waiting for " + plan.name(), true,
                    null);
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
