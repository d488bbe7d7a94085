package io.kubelode.apps.kube;

import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import java.util.Optional;

/** Reads the sealed admin kubeconfig the k8s layer wrote into the shared directory before ClusterJoined. */
public final class SealedKubeconfigSource implements KubeconfigSource {
    private final KubeconfigStore store;

    public SealedKubeconfigSource(KubeconfigStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> kubeconfig(String clusterId) {
        try {
            return store.load(clusterId);
        } catch (Sealer.SealException e) {
            throw new Unreadable(e.getMessage(), e);
        }
    }

    @Override
    public String location(String clusterId) {
        return store.file(clusterId).toString();
    }
}
