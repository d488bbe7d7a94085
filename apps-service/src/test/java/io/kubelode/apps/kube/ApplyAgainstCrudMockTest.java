package io.kubelode.apps.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubelode.apps.Homelab;
import io.kubelode.apps.plan.AppPlan;
import io.kubelode.apps.plan.Catalog;
import io.kubelode.apps.plan.Labels;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Apply, re-apply and teardown through the real Fabric8 client against the CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class ApplyAgainstCrudMockTest {
    static {
        io.kubelode.apps.MockApi.quiet();
    }

    KubernetesMockServer server;
    KubernetesClient client;

    private List<ObjectResult> applyAll(ClusterApi api, List<AppPlan> plans) {
        return plans.stream().flatMap(p -> p.objects().stream()).map(api::apply).toList();
    }

    @Test
    void firstApplyCreatesEverythingASecondChangesNothingAndADriftedObjectIsPatchedAlone() {
        ClusterApi api = new Fabric8ClusterApi(client);
        List<AppPlan> plans = Catalog.plan(Homelab.context());
        int objects = plans.stream().mapToInt(p -> p.objects().size()).sum();

        List<ObjectResult> first = applyAll(api, plans);
        assertThat(first).hasSize(objects).allMatch(r -> r.outcome() == Outcome.CREATED);

        // a rerun builds the plan again: fresh random passwords, which must not rotate the secrets
        List<ObjectResult> second = applyAll(api, Catalog.plan(Homelab.context()));
        assertThat(second).hasSize(objects)
                .allSatisfy(r -> assertThat(r.outcome()).as(r.ref()).isEqualTo(Outcome.NOOP));

        client.apps().deployments().inNamespace("web").withName("nginx").edit(d -> {
            d.getSpec().setReplicas(5);
            return d;
        });
        client.apps().statefulSets().inNamespace("gitea").withName("gitea").edit(s -> {
            s.getSpec().setReplicas(0);
            return s;
        });
        List<ObjectResult> rerun = applyAll(api, Catalog.plan(Homelab.context()));
        Map<Outcome, List<String>> by = rerun.stream().collect(Collectors.groupingBy(ObjectResult::outcome,
                Collectors.mapping(ObjectResult::ref, Collectors.toList())));
        assertThat(by.get(Outcome.PATCHED)).containsExactly("Deployment web/nginx", "StatefulSet gitea/gitea");
        assertThat(client.apps().deployments().inNamespace("web").withName("nginx").get().getSpec().getReplicas())
                .isEqualTo(2);
        var gitea = client.apps().statefulSets().inNamespace("gitea").withName("gitea").get();
        assertThat(gitea.getSpec().getReplicas()).isEqualTo(1);
        assertThat(gitea.getSpec().getVolumeClaimTemplates()).hasSize(1);
    }

    @Test
    void teardownLeavesNoKubelodeObjectOfThisClusterAndKeepsOthers() {
        ClusterApi api = new Fabric8ClusterApi(client);
        applyAll(api, Catalog.plan(Homelab.context()));
        client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("not-ours").withLabels(Map.of(Labels.MANAGED_BY, "someone-else"))
                .endMetadata().build()).create();
        int owned = api.listOwned(Homelab.CLUSTER).size();
        assertThat(owned).isGreaterThan(50);

        List<ObjectResult> deleted = api.deleteOwned(Homelab.CLUSTER, ClusterApi.OwnedFilter.ALL_BUT_STORAGE);
        assertThat(deleted).extracting(ObjectResult::ref).contains("Deployment web/nginx")
                .doesNotContain("Deployment local-path-storage/local-path-provisioner");
        deleted = api.deleteOwned(Homelab.CLUSTER, ClusterApi.OwnedFilter.ALL);
        assertThat(deleted).extracting(ObjectResult::ref).contains("Deployment local-path-storage/local-path-provisioner");
        assertThat(api.listOwned(Homelab.CLUSTER)).isEmpty();
        assertThat(client.configMaps().inNamespace("default").withName("not-ours").get()).isNotNull();
    }
}
