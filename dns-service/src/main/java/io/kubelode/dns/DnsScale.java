package io.kubelode.dns;

import io.kubelode.dns.health.HealthMonitor;
import io.kubelode.dns.plan.DesiredRecords;
import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.dns.plan.Withdrawal;
import io.kubelode.dns.provider.DnsProvider;
import io.kubelode.events.DnsEvent.DnsNodesWithdrawn;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.layer.EventPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The first step of a scale-down: before anything of the leaving
 * nodes goes, every name the cluster owns stops answering with their addresses (the names keep
 * the remaining nodes' addresses, less those the health monitor holds for down), then
 * DnsNodesWithdrawn. Converging to the same records again is a NOOP, so a redelivery is harmless.
 * A scale-up needs nothing here: its AppsDeployed, with every node's address, publishes them.
 */
@ApplicationScoped
public class DnsScale {
    private static final Logger LOG = Logger.getLogger(DnsScale.class);

    @Inject
    DnsReconciler reconciler;
    @Inject
    HealthMonitor monitor;
    @Inject
    NodeAddressView view;
    @Inject
    DnsConfig config;
    @Inject
    EventPublisher publisher;

    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dns-scale");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        work.shutdownNow();
    }

    /** The step (nothing for a scale-up): the leaving nodes' addresses withdrawn, then DnsNodesWithdrawn. */
    public CompletionStage<Void> onScale(ClusterScaleRequested scale) {
        if (scale.leavingNodes().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> withdraw(scale), work).thenCompose(publisher::publish);
    }

    DnsNodesWithdrawn withdraw(ClusterScaleRequested scale) {
        String clusterId = scale.clusterId();
        Map<Integer, String> addresses = view.addresses(clusterId);
        List<String> remaining = Withdrawal.remaining(addresses, scale.spec().nodes());
        List<String> leaving = Withdrawal.leaving(addresses, scale.leavingNodes());
        DnsProvider provider = reconciler.provider();
        Map<String, List<String>> records = new LinkedHashMap<>();
        for (String domain : provider.domainsOf(clusterId)) {
            DesiredRecords full = Withdrawal.records(clusterId, provider.observe(domain), remaining,
                    DnsPlanner.TTL_SECONDS);
            DesiredRecords now = full.withAddresses(monitor.selection(full));
            reconciler.converge(now);
            if (config.health().enabled() && monitor.watches(clusterId)) {
                monitor.watch(full, now);
            }
            records.putAll(now.asEventRecords());
        }
        LOG.infof("%s: %s (nodes %s) withdrawn from %d names before they leave", clusterId, leaving,
                scale.leavingNodes(), records.size());
        return new DnsNodesWithdrawn(clusterId, scale.leavingNodes(), leaving, records);
    }
}
