package io.kubelode.gateway;

import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** The server line of a kubeconfig the k8s layer wrote: its host is what the person's copy changes. */
    private static final Pattern SERVER = Pattern.compile("(?m)^(\\s*server:\\s*https://)([^:/\\s]+)");

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

    /**
     * The copy handed to a person: the API server dialled by the cluster's domain instead of the address
     * kubelode's own layers use (node 1's). The domain's apex answers with every node's public address
     * (the DNS layer's round-robin records, a failed node's withdrawn), each node forwards 6443 to its
     * control plane, and the certificate carries the domain: the kubeconfig keeps working when any one
     * node is lost. A cluster without a domain keeps the address.
     */
    static String forPerson(String kubeconfig, String domain) {
        if (domain == null || domain.isBlank()) {
            return kubeconfig;
        }
        return SERVER.matcher(kubeconfig).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + domain));
    }
}
