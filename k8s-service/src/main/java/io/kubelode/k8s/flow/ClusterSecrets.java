package io.kubelode.k8s.flow;

import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.pki.PkiMinter;
import io.kubelode.k8s.pki.SecretStore;
import io.kubelode.k8s.pki.SubjectAltNames;
import io.kubelode.k8s.plan.Yaml;
import io.kubelode.support.secrets.KubeconfigStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The ensure step for a cluster's PKI: mint it once, then keep it; re-issue the API server
 * certificate when the cluster gained an address it does not name; re-mint the bootstrap token
 * when it has expired or is about to. Also the hand-over of the admin kubeconfig to the apps
 * layer and the gateway ({@link KubeconfigStore}), and forgetting both after a reset.
 */
public final class ClusterSecrets {
    private static final Logger LOG = Logger.getLogger(ClusterSecrets.class);

    /** What the ensure did, Strimzi-style. */
    public enum Outcome { CREATED, PATCHED, NOOP }

    /** The bundle and what the ensure did to get it. */
    public record Ensured(ClusterPki pki, Outcome outcome) {
    }

    private final SecretStore store;
    private final KubeconfigStore kubeconfigs;
    private final Supplier<PkiMinter> minterFactory;
    private PkiMinter minter;
    private final Clock clock;
    private final Duration tokenTtl;
    private final Duration renewBefore;

    public ClusterSecrets(SecretStore store, KubeconfigStore kubeconfigs, PkiMinter minter, Clock clock,
                          Duration tokenTtl, Duration renewBefore) {
        this(store, kubeconfigs, () -> minter, clock, tokenTtl, renewBefore);
    }

    /**
     * With the minter made on first use: the minter's class pulls in the signed BouncyCastle jars,
     * whose signature check costs about a second, which belongs to the first mint, not to start-up.
     * {@code minter} is called once, on first use.
     */
    public ClusterSecrets(SecretStore store, KubeconfigStore kubeconfigs, Supplier<PkiMinter> minter, Clock clock,
                          Duration tokenTtl, Duration renewBefore) {
        this.store = store;
        this.kubeconfigs = kubeconfigs;
        this.minterFactory = minter;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
        this.renewBefore = renewBefore;
    }

    public Ensured ensure(String clusterId, SubjectAltNames names) {
        var stored = store.load(clusterId);
        if (stored.isEmpty()) {
            ClusterPki pki = minter().mint(clusterId, names, tokenTtl);
            store.save(pki);
            LOG.infof("%s: minted the cluster PKI (%s)", clusterId, pki);
            return new Ensured(pki, Outcome.CREATED);
        }
        ClusterPki pki = stored.get();
        boolean patched = false;
        if (!PkiMinter.namesOf(pki.apiServerCertificate()).covers(names)) {
            pki = minter().reissueApiServer(pki, names);
            patched = true;
            LOG.infof("%s: re-issued the API server certificate for new addresses", clusterId);
        }
        if (pki.token().expiresWithin(clock.instant(), renewBefore)) {
            pki = minter().remintToken(pki, tokenTtl);
            patched = true;
            LOG.infof("%s: re-minted the bootstrap token (%s)", clusterId, pki.token());
        }
        if (patched) {
            store.save(pki);
        }
        return new Ensured(pki, patched ? Outcome.PATCHED : Outcome.NOOP);
    }

    /**
     * Ensures the sealed admin kubeconfig for {@code endpoint} is in the shared directory: written
     * before ClusterJoined is published, so whoever acts on ClusterJoined finds it.
     */
    public Outcome handOverKubeconfig(ClusterPki pki, String endpoint) {
        String yaml = Yaml.write(pki.adminKubeconfig(endpoint));
        var stored = kubeconfigs.load(pki.clusterId());
        if (stored.isPresent() && stored.get().equals(yaml)) {
            return Outcome.NOOP;
        }
        kubeconfigs.save(pki.clusterId(), yaml);
        LOG.infof("%s: admin kubeconfig for %s handed over (sealed, %s)", pki.clusterId(), endpoint,
                kubeconfigs.file(pki.clusterId()));
        return stored.isPresent() ? Outcome.PATCHED : Outcome.CREATED;
    }

    private synchronized PkiMinter minter() {
        if (minter == null) {
            minter = minterFactory.get();
        }
        return minter;
    }

    /** Forgets the cluster's admin kubeconfig and PKI (after a reset). */
    public void forget(String clusterId) {
        if (kubeconfigs.delete(clusterId)) {
            LOG.infof("%s: admin kubeconfig removed", clusterId);
        }
        store.delete(clusterId);
    }
}
