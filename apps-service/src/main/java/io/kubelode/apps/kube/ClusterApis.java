package io.kubelode.apps.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;

/** Connects to a cluster's API with the admin kubeconfig from a {@link KubeconfigSource}. */
public final class ClusterApis {
    private final KubeconfigSource source;

    /**
     * One serialization for every cluster's client: Fabric8 makes a new one per client by default,
     * and its first read scans the class path for every Kubernetes model class (a second of CPU, more
     * on a loaded machine) — once per cluster otherwise. Made on first use, not when the service
     * starts (it was 0.8 s of apps-service's start); {@link #warmUp} makes it off the start-up path.
     */
    private static final class Serialization {
        static final KubernetesSerialization INSTANCE = new KubernetesSerialization();
    }

    public ClusterApis(KubeconfigSource source) {
        this.source = source;
    }

    /** Makes the shared serialization now, on the calling thread. */
    public static void warmUp() {
        Serialization.INSTANCE.getClass();
    }

    /** Where the cluster's kubeconfig is looked for, for messages. */
    public String location(String clusterId) {
        return source.location(clusterId);
    }

    /**
     * The cluster's API, or empty when there is no kubeconfig for it.
     *
     * @throws KubeconfigSource.Unreadable when the kubeconfig cannot be opened
     */
    public Optional<ClusterApi> connect(String clusterId) {
        return source.kubeconfig(clusterId).map(yaml -> {
            Config config = Config.fromKubeconfig(yaml);
            config.setRequestTimeout(30_000);
            config.setConnectionTimeout(10_000);
            // one retry policy, the Reconciler's: Fabric8's own (10 retries, up to 3.2 s apart) nested inside
            // each of its attempts made an API that no longer answers cost a teardown 100 s
            config.setRequestRetryBackoffLimit(0);
            return new Fabric8ClusterApi(new KubernetesClientBuilder().withConfig(config)
                    .withKubernetesSerialization(Serialization.INSTANCE).build());
        });
    }
}
