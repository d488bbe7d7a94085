package io.kubelode.dns;

import io.kubelode.dns.health.HealthMonitor;
import io.kubelode.dns.health.HealthSettings;
import io.kubelode.dns.health.ReportedNodeStatus;
import io.kubelode.dns.health.TcpProbe;
import io.kubelode.dns.provider.DnsProvider;
import io.kubelode.dns.provider.linode.LinodeDnsProvider;
import io.kubelode.dns.provider.linode.LinodeSettings;
import io.kubelode.dns.provider.rfc2136.Rfc2136Provider;
import io.kubelode.dns.provider.rfc2136.Rfc2136Settings;
import io.kubelode.layer.EventPublisher;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/** Builds the provider chosen by configuration, validated at start-up, and the health monitor. */
@Singleton
public class DnsWiring {
    private static final Logger LOG = Logger.getLogger(DnsWiring.class);

    @Produces
    @Singleton
    DnsProvider provider(DnsConfig config) {
        DnsProvider p = switch (config.provider()) {
            case rfc2136 -> rfc2136(config.rfc2136());
            case linode -> linode(config.linode());
        };
        LOG.infof("publishing DNS records with the %s provider", p.kind());
        return p;
    }

    private static DnsProvider rfc2136(DnsConfig.Rfc2136 c) {
        String zone = c.zone().orElseThrow(() -> new IllegalStateException(
                "kubelode.dns.rfc2136.zone is required with kubelode.dns.provider=rfc2136"));
        String secret = c.tsigSecret().orElseThrow(() -> new IllegalStateException(
                "kubelode.dns.rfc2136.tsig-secret (KUBELODE_DNS_RFC2136_TSIG_SECRET) is required with rfc2136"));
        return new Rfc2136Provider(new Rfc2136Settings(c.server(), c.port(), zone, c.tsigKeyName(),
                c.tsigAlgorithm(), secret, c.timeout()));
    }

    private static DnsProvider linode(DnsConfig.Linode c) {
        String token = c.token().orElseThrow(() -> new IllegalStateException(
                "kubelode.dns.linode.token (LINODE_TOKEN) is required with kubelode.dns.provider=linode"));
        return new LinodeDnsProvider(new LinodeSettings(c.url(), token, c.soaEmail(), c.timeout()));
    }

    @Produces
    @Singleton
    DnsReconciler reconciler(DnsProvider provider, DnsConfig config) {
        return new DnsReconciler(provider, new Retry(config.retry().attempts(), config.retry().base(),
                config.retry().cap()), new Retry(config.retry().teardownAttempts(), config.retry().base(),
                config.retry().cap()));
    }

    @Produces
    @Singleton
    ReportedNodeStatus nodeStatus() {
        return new ReportedNodeStatus();
    }

    @Produces
    @Singleton
    HealthMonitor monitor(DnsReconciler reconciler, ReportedNodeStatus status, DnsConfig config,
                          EventPublisher publisher) {
        DnsConfig.Health h = config.health();
        ExecutorService probes = Executors.newCachedThreadPool(r -> daemon(r, "dns-probe"));
        return new HealthMonitor(reconciler, new TcpProbe(h.ports(), h.connectTimeout()), status,
                new HealthSettings(h.interval(), h.failuresToDown(), h.successesToUp()),
                publisher::publish,
                Executors.newScheduledThreadPool(2, r -> daemon(r, "dns-health")), probes);
    }

    void close(@Disposes HealthMonitor monitor) {
        monitor.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
