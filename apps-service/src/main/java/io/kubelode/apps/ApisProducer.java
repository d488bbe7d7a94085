package io.kubelode.apps;

import io.kubelode.apps.kube.ClusterApis;
import io.kubelode.apps.kube.SealedKubeconfigSource;
import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the kubeconfig hand-over: the k8s layer's sealed files in the directory the two share. */
@Singleton
public class ApisProducer {

    @Produces
    @Singleton
    ClusterApis clusterApis(AppsConfig config) {
        return new ClusterApis(new SealedKubeconfigSource(new KubeconfigStore(config.kubeconfigDir(),
                Sealer.required(config.sealKey(), "kubelode.apps.seal-key"))));
    }

    /** Fail fast: a missing or malformed seal key stops the service at start, not at the first ClusterJoined. */
    void start(@Observes StartupEvent start, ClusterApis apis) {
        apis.location("startup-check");
        // the Kubernetes model's serialization, made beside the start-up instead of on its path or
        // on the first cluster's
        Thread warm = new Thread(ClusterApis::warmUp, "fabric8-warm-up");
        warm.setDaemon(true);
        warm.start();
    }
}
