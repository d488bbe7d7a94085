package io.kubelode.gateway;

import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The admin kubeconfigs the k8s layer hands over sealed ({@link KubeconfigStore}), read from the
 * directory the gateway shares with it. Built at start-up, so a gateway without the seal key
 * refuses to start. The kubeconfig itself is never logged.
 */
@Startup
@ApplicationScoped
public class Kubeconfigs {
    private static final Logger LOG = Logger.getLogger(Kubeconfigs.class);

    @Inject
    GatewayConfig config;

    private KubeconfigStore store;

    @PostConstruct
    void open() {
        store = new KubeconfigStore(config.kubeconfigDir(),
                Sealer.required(config.sealKey(), "kubelode.gateway.seal-key"));
    }

    /** The cluster's admin kubeconfig, or empty when the k8s layer has handed none over (yet). */
    public Optional<String> of(String clusterId) {
        try {
            return store.load(clusterId);
        } catch (Sealer.SealException e) {
            LOG.errorf("the kubeconfig of %s cannot be served: %s", clusterId, e.getMessage());
            throw Problem.of(500, "kubeconfig-unreadable", "Kubeconfig unreadable", "the sealed kubeconfig of "
                    + clusterId + " does not open with the gateway's seal key; see the gateway's log").toException();
        }
    }
}
