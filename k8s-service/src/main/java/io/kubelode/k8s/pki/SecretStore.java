package io.kubelode.k8s.pki;

import java.util.Optional;

/**
 * Where a cluster's {@link ClusterPki} rests between steps and across restarts. Implementations
 * keep it sealed: nothing in plain text on disk, on Kafka or in a log.
 */
public interface SecretStore {

    /** The bundle of the cluster, if one was saved. */
    Optional<ClusterPki> load(String clusterId);

    /** Saves (replaces) the bundle of {@code pki.clusterId()}. */
    void save(ClusterPki pki);

    /** Forgets the cluster's bundle; {@code false} when there was none. */
    boolean delete(String clusterId);
}
