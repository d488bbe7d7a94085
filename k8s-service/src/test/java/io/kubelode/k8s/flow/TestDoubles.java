package io.kubelode.k8s.flow;

import io.kubelode.k8s.api.ClusterApiFactory;
import io.kubelode.k8s.api.Fabric8ClusterApi;
import io.kubelode.k8s.plan.Kubeconfig;
import io.kubelode.k8s.shell.NodeShells;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In every {@code @QuarkusTest} of this module these replace the production (default) beans:
 * the host side is {@link RecordingHosts}; the Kubernetes API is Fabric8's CRUD mock server,
 * reached through the production {@link Fabric8ClusterApi}. The admin kubeconfig kubelode hands
 * over is recorded, so a test can check which endpoint and identity the production code used.
 */
@Singleton
public class TestDoubles {
    public static final List<Kubeconfig> KUBECONFIGS = new CopyOnWriteArrayList<>();

    @Produces
    @Singleton
    NodeShells shells() {
        return node -> RecordingHosts.get().shell(node.publicIpv4());
    }

    @Produces
    @Singleton
    ClusterApiFactory apis() {
        return admin -> {
            KUBECONFIGS.add(admin);
            return new Fabric8ClusterApi(RecordingHosts.get().newClient());
        };
    }
}
