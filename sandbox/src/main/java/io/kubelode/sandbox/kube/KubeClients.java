package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * What every cluster's own Kubernetes client (the host model's and the controllers' client of the
 * mock server) shares. Fabric8 gives each new client its own {@link KubernetesSerialization}, whose
 * first deserialization scans the class path for every Kubernetes model class (seconds of CPU on a
 * loaded machine, run on the client's event loop), and its own Vert.x instance (event loops, a
 * blocked-thread checker). With a hundred clusters in one sandbox that is a hundred scans and a
 * hundred Vert.x instances: under the figure-2 load, the event loops were blocked for 2–9 s and a
 * node registration timed out getting a connection. One of each, made once, removes both.
 */
final class KubeClients implements AutoCloseable {
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4)
            .setInternalBlockingPoolSize(4));
    private final VertxHttpClientFactory factory = new VertxHttpClientFactory(vertx);

    KubeClients() {
        serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}}");
    }

    void customize(KubernetesClientBuilder builder) {
        builder.withKubernetesSerialization(serialization).withHttpClientFactory(factory);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
