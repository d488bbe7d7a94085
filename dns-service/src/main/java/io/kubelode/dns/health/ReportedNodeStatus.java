package io.kubelode.dns.health;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link NodeStatusSource} fed by reports (from the k8s layer's node watch, or a test). */
public final class ReportedNodeStatus implements NodeStatusSource {
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();

    /** Records the node's Ready condition. */
    public void report(String clusterId, int node, boolean isReady) {
        ready.put(key(clusterId, node), isReady);
    }

    /** Forgets every report about the cluster. */
    public void forget(String clusterId) {
        ready.keySet().removeIf(k -> k.startsWith(clusterId + "/"));
    }

    @Override
    public Optional<Boolean> ready(String clusterId, int node) {
        return Optional.ofNullable(ready.get(key(clusterId, node)));
    }

    private static String key(String clusterId, int node) {
        return clusterId + "/" + node;
    }
}
