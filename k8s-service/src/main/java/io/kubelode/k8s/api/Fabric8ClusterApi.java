package io.kubelode.k8s.api;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubelode.k8s.plan.Kubeconfig;
import io.kubelode.k8s.plan.Yaml;
import java.time.Duration;
import java.util.List;

/** {@link ClusterApi} through the Fabric8 Kubernetes client. */
public final class Fabric8ClusterApi implements ClusterApi {
    /**
     * One serialization for every cluster's client: Fabric8 makes a new one per client by default,
     * and its first read scans the class path for every Kubernetes model class (a second of CPU, more
     * on a loaded machine) — once per cluster otherwise.
     */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private final KubernetesClient client;

    public Fabric8ClusterApi(KubernetesClient client) {
        this.client = client;
    }

    /** The factory for production: TLS with the cluster CA and the admin client certificate. */
    public static ClusterApiFactory factory(Duration requestTimeout) {
        return admin -> new Fabric8ClusterApi(new KubernetesClientBuilder().withConfig(config(admin, requestTimeout))
                .withKubernetesSerialization(SERIALIZATION).build());
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
    public boolean cordon(String nodeName) {
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            return false;
        }
        if (node.getSpec() == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            client.nodes().withName(nodeName).edit(n -> new NodeBuilder(n).editOrNewSpec().withUnschedulable(true)
                    .endSpec().build());
        }
        return true;
    }

    @Override
    public int evictPods(String nodeName) {
        int evicted = 0;
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            if (pod.getSpec() == null || !nodeName.equals(pod.getSpec().getNodeName()) || daemonOrStatic(pod)) {
                continue;
            }
            var ref = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
            boolean done;
            try {
                done = ref.evict();
            } catch (KubernetesClientException e) {
                done = false; // an API without the eviction subresource: delete, as drain --disable-eviction does
            }
            if (!done) {
                ref.delete();
            }
            evicted++;
        }
        return evicted;
    }

    private static boolean daemonOrStatic(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey("kubernetes.io/config.mirror")) {
            return true;
        }
        return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "DaemonSet".equals(o.getKind()));
    }

    @Override
    public boolean deleteNode(String nodeName) {
        if (client.nodes().withName(nodeName).get() == null) {
            return false;
        }
        client.nodes().withName(nodeName).delete();
        return true;
    }

    @Override
    public void close() {
        client.close();
    }
}
