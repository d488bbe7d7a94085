package io.kubelode.dns.health;

import java.util.Optional;

/**
 * What the Kubernetes API server says about a node's {@code Ready} condition. The k8s layer feeds
 * it; empty means "nothing known", which the health check treats as Ready (the TCP check still runs).
 */
public interface NodeStatusSource {

    /** The node's Ready condition, if known. */
    Optional<Boolean> ready(String clusterId, int node);
}
