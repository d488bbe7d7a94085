package io.kubelode.apps.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubelode.apps.Homelab;
import io.kubelode.apps.plan.AppPlan;
import io.kubelode.apps.plan.Catalog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same apply and teardown against a real API server (k3s), where real admission, defaulting
 * and quantity canonicalisation could turn a rerun into a patch. Needs Docker; skipped without it.
 * The same behaviours are also covered against the CRUD mock server (ApplyAgainstCrudMockTest).
 */
class K3sApplyIT {

    @Test
    void applyTwiceIsNoopOnARealApiServerAndTeardownLeavesNothing() {
        assumeTrue(dockerAvailable(), "no Docker engine here: the k3s API-server test runs where Docker exists");
        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"))) {
            k3s.start();
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                ClusterApi api = new Fabric8ClusterApi(client);
                List<HasMetadata> objects = Catalog.plan(Homelab.context()).stream()
                        .flatMap((AppPlan p) -> p.objects().stream()).toList();
                // k3s ships its own local-path StorageClass and traefik; ours must still apply cleanly
                assertThat(objects.stream().map(api::apply).map(ObjectResult::outcome))
                        .doesNotContain(Outcome.NOOP);
                List<ObjectResult> rerun = Catalog.plan(Homelab.context()).stream()
                        .flatMap(p -> p.objects().stream()).map(api::apply).toList();
                assertThat(rerun).allSatisfy(r -> assertThat(r.outcome()).as(r.ref()).isEqualTo(Outcome.NOOP));
                api.deleteOwned(Homelab.CLUSTER, ClusterApi.OwnedFilter.ALL);
                assertThat(api.listOwned(Homelab.CLUSTER)).allMatch(o -> o.getMetadata().getDeletionTimestamp() != null);
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
