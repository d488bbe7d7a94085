package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What every cluster's own Kubernetes client (the host model's and the controllers' client of the
 * mock server) shares. Fabric8 gives each new client its own {@link KubernetesSerialization}, whose
 * first deserialization scans the class path for every Kubernetes model class (seconds of CPU on a
 * loaded machine, run on the client's event loop), and its own Vert.x instance (event loops, a
 * blocked-thread checker). With a hundred clusters in one sandbox that is a hundred scans and a
 * hundred Vert.x instances: under the figure-2 load, the event loops were blocked for 2–9 s and a
 * node registration timed out getting a connection. One of each, made once, removes both.
 *
 * <p>The clients also wait up to a minute, not Fabric8's 10 s, to connect to their own mock server
 * on loopback. The connection stands in for a kubelet's to its local API server, which does not
 * time out when the host is busy; in CI, with both cores saturated, a connect did take over 10 s and
 * a fault-free init failed on the stand-in, not on kubelode.
 */
final class KubeClients implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(1);

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4)
            .setInternalBlockingPoolSize(4));
    private final VertxHttpClientFactory factory = new VertxHttpClientFactory(vertx);

    KubeClients() {
        serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}}");
    }

    void customize(KubernetesClientBuilder builder) {
        builder.withKubernetesSerialization(serialization).withHttpClientFactory(factory)
                .withHttpClientBuilderConsumer(http -> http.connectTimeout(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
