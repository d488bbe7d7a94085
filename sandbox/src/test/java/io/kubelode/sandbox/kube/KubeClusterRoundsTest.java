package io.kubelode.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubelode.sandbox.Openssl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two clusters' APIs in one process, as a hundred are in the figure-2 benchmark: they share one
 * serialization and one Vert.x, and a controller round of a cluster where nothing was written and
 * nothing waits costs its API no request.
 */
class KubeClusterRoundsTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final KubeClients clients = new KubeClients();
    private KubeCluster a;
    private KubeCluster b;

    @BeforeEach
    void twoClusters() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        Openssl.Pki pki = Openssl.mint(lo.getHostAddress());
        ServerIdentity identity = ServerIdentity.parse(pki.apiCrt(), pki.apiKey());
        a = new KubeCluster("kl:a", 1, lo, freePort(), identity, lo, Duration.ZERO, (ns, n) -> false,
                threads, clients);
        b = new KubeCluster("kl:b", 2, lo, freePort(), identity, lo, Duration.ZERO, (ns, n) -> false,
                threads, clients);
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        b.close();
        clients.close();
        threads.shutdownNow();
    }

    @Test
    void oneClusterStoppingLeavesTheOthersAnswering() throws Exception {
        a.close();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + b.plainAddress().getHostString()
                        + ":" + b.plainAddress().getPort() + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("ok");
        assertThat(b.client().namespaces().withName("kube-system").get()).isNotNull();
        a = null;
    }

    @Test
    void everyClusterClientSharesOneSerialization() {
        assertThat(a.client().getKubernetesSerialization()).isSameAs(b.client().getKubernetesSerialization());
        assertThat(a.client().namespaces().withName("kube-system").get()).isNotNull();
        assertThat(b.client().namespaces().withName("kube-system").get()).isNotNull();
    }

    @Test
    void anIdleClusterCostsNoRequestAndAWriteIsSeenByTheNextRound() {
        a.client().apps().deployments().inNamespace("default").resource(deployment("web")).create();

        a.reconcile(NEVER); // the create is seen: swept, made ready
        assertThat(a.client().apps().deployments().inNamespace("default").withName("web").get().getStatus()
                .getReadyReplicas()).isEqualTo(1);
        a.reconcile(NEVER); // its own status write: one more sweep, nothing left to do
        int served = a.requestsServed();
        a.reconcile(NEVER);
        a.reconcile(NEVER);
        assertThat(a.requestsServed()).as("requests of idle rounds").isEqualTo(served);

        a.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("c").endMetadata().build()).create();
        int afterWrite = a.requestsServed();
        a.reconcile(NEVER);
        assertThat(a.requestsServed()).as("the round after a write sweeps").isGreaterThan(afterWrite);
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName(name).withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
