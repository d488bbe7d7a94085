package io.kubelode.gateway.linode;

import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.Preflight;
import io.kubelode.gateway.GatewayConfig;
import io.kubelode.gateway.plan.LinodeCatalog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Runs the preflight of a spec against the configured Linode, or says that none is configured. */
@ApplicationScoped
public class Preflights {

    @Inject
    GatewayConfig config;

    private LinodeCatalog catalog;

    @PostConstruct
    void init() {
        catalog = config.linodeUrl().<LinodeCatalog>map(url -> new HttpLinodeCatalog(url, config.linodeToken(),
                config.linodeTimeout(), config.linodeCacheTtl(), Clock.systemUTC())).orElse(null);
    }

    /**
     * The preflight of a valid spec; null when no Linode is configured.
     *
     * @throws LinodeCatalog.Unavailable when Linode cannot be read now
     */
    public Preflight.Result check(ClusterSpec spec) {
        if (catalog == null) {
            return null;
        }
        return Preflight.check(spec, catalog.region(spec.region()), catalog.image(spec.image()), catalog.types());
    }

    /** Where the preflight's facts come from, or why there are none. */
    public String source() {
        return catalog == null ? "kubelode.gateway.linode-url is not set (KUBELODE_GATEWAY_LINODE_URL): no region,"
                + " image, type, memory or price was checked; the provisioner checks region, image, type and memory"
                + " before its first create" : catalog.source();
    }
}
