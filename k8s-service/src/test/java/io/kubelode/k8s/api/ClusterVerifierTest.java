package io.kubelode.k8s.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubelode.events.K8sEvent.K8sNode;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verification through the real Fabric8 client against Fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ClusterVerifierTest {
    static final ClusterLayout LAYOUT = Fixtures.layout(Fixtures.VERSION, 3);
    KubernetesClient client;
    ClusterApi api;

    @BeforeEach
    void cluster() {
        api = new Fabric8ClusterApi(client);
        client.nodes().delete();
        client.pods().inNamespace("kube-system").delete();
        for (int n = 1; n <= 3; n++) {
            client.nodes().resource(KubeObjects.node("homelab-" + n + "-master", true, true)).create();
            client.nodes().resource(KubeObjects.node("homelab-" + n + "-worker", true, false)).create();
            client.pods().inNamespace("kube-system").resource(KubeObjects.etcd("homelab-" + n + "-master", true))
                    .create();
        }
        // a Pod that is not etcd must not count
        client.pods().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("kube-apiserver-homelab-1-master").addToLabels("component",
                        "kube-apiserver").endMetadata().withNewSpec().withNodeName("homelab-1-master").endSpec()
                .build()).create();
    }

    @Test
    void aCompleteClusterHasEveryNodeReadyAndOneEtcdMemberPerControlPlane() {
        ClusterVerifier.Verification v = ClusterVerifier.verify(api, LAYOUT);
        assertThat(v.problems()).isEmpty();
        assertThat(v.complete()).isTrue();
        assertThat(v.etcdMembers()).isEqualTo(3);
        assertThat(v.nodes()).hasSize(6).allMatch(K8sNode::ready);
        assertThat(v.nodes()).filteredOn(n -> n.role().equals("control-plane")).extracting(K8sNode::name)
                .containsExactly("homelab-1-master", "homelab-2-master", "homelab-3-master");
        assertThat(v.nodes()).filteredOn(n -> n.role().equals("worker")).extracting(K8sNode::node)
                .containsExactly(1, 2, 3);
    }

    @Test
    void aNotReadyWorkerAndAMissingNodeAreReported() {
        client.nodes().withName("homelab-2-worker").delete();
        client.nodes().resource(KubeObjects.node("homelab-2-worker", false, false)).create();
        client.nodes().withName("homelab-3-master").delete();
        ClusterVerifier.Verification v = ClusterVerifier.verify(api, LAYOUT);
        assertThat(v.complete()).isFalse();
        assertThat(v.problems()).containsExactlyInAnyOrder("homelab-2-worker is not Ready",
                "homelab-3-master is not registered");
    }

    @Test
    void anUnreadyOrStrayEtcdMemberIsReported() {
        client.pods().inNamespace("kube-system").withName("etcd-homelab-2-master").delete();
        client.pods().inNamespace("kube-system").resource(KubeObjects.etcd("homelab-2-master", false)).create();
        client.pods().inNamespace("kube-system").resource(KubeObjects.etcd("old-4-master", true)).create();
        ClusterVerifier.Verification v = ClusterVerifier.verify(api, LAYOUT);
        assertThat(v.etcdMembers()).isEqualTo(2);
        assertThat(v.problems()).containsExactlyInAnyOrder("etcd on homelab-2-master is not Ready",
                "etcd member on unknown node old-4-master");
    }
}
