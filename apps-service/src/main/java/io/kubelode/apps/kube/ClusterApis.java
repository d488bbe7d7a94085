package io.kubelode.apps.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Optional;

/** Connects to a cluster's API with the admin kubeconfig from a {@link KubeconfigSource}. */
public final class ClusterApis {
    private final KubeconfigSource source;

    public ClusterApis(KubeconfigSource source) {
        this.source = source;
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
            return new Fabric8ClusterApi(new KubernetesClientBuilder().withConfig(config).build());
        });
    }
}
