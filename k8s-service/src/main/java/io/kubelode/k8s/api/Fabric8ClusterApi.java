package io.kubelode.k8s.api;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubelode.k8s.plan.Kubeconfig;
import io.kubelode.k8s.plan.Yaml;
import java.time.Duration;
import java.util.List;

/** {@link ClusterApi} through the Fabric8 Kubernetes client. */
public final class Fabric8ClusterApi implements ClusterApi {
    private final KubernetesClient client;

    public Fabric8ClusterApi(KubernetesClient client) {
        this.client = client;
    }

    /** The factory for production: TLS with the cluster CA and the admin client certificate. */
    public static ClusterApiFactory factory(Duration requestTimeout) {
        return admin -> new Fabric8ClusterApi(new KubernetesClientBuilder().withConfig(config(admin, requestTimeout))
                .build());
    }

    /** The client configuration of an admin kubeconfig (no file, no environment, no ~/.kube). */
    public static Config config(Kubeconfig admin, Duration requestTimeout) {
        Config config = Config.fromKubeconfig(Yaml.write(admin));
        config.setRequestTimeout((int) requestTimeout.toMillis());
        config.setConnectionTimeout((int) requestTimeout.toMillis());
        return config;
    }

    @Override
    public List<NodeStatus> nodes() {
        return client.nodes().list().getItems().stream()
                .map(n -> new NodeStatus(n.getMetadata().getName(), ready(n))).toList();
    }

    @Override
    public List<EtcdMemberStatus> etcdMembers() {
        return client.pods().inNamespace("kube-system").withLabel("component", "etcd").list().getItems().stream()
                .map(p -> new EtcdMemberStatus(p.getSpec() == null ? null : p.getSpec().getNodeName(), ready(p)))
                .toList();
    }

    private static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        client.close();
    }
}
