package io.kubelode.apps.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubelode.apps.Homelab;
import io.kubelode.events.spec.App;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The objects built for examples/homelab.yaml: hosts, ports, volumes, probes, resources, labels. */
class CatalogTest {
    private final AppContext ctx = Homelab.context();
    private final List<AppPlan> plans = Catalog.plan(ctx);

    private AppPlan plan(String name) {
        return plans.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static <T extends HasMetadata> T one(AppPlan plan, Class<T> kind, String name) {
        return plan.ofType(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in " + plan.name()));
    }

    private static List<PodTemplateSpec> templates(AppPlan plan) {
        List<PodTemplateSpec> t = new ArrayList<>();
        plan.ofType(Deployment.class).forEach(d -> t.add(d.getSpec().getTemplate()));
        plan.ofType(StatefulSet.class).forEach(s -> t.add(s.getSpec().getTemplate()));
        plan.ofType(DaemonSet.class).forEach(s -> t.add(s.getSpec().getTemplate()));
        return t;
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> m = new java.util.HashMap<>();
        c.getEnv().forEach(e -> m.put(e.getName(), e.getValue() != null ? e.getValue()
                : "secret:" + e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey()));
        return m;
    }

    @Test
    void thePlanIsThePlatformThenEveryAppOfTheSpec() {
        assertThat(plans).extracting(AppPlan::name)
                .containsExactly("platform", "web", "blog", "jupyterhub", "kubeflow", "nextcloud", "gitea");
    }

    @Test
    void everyObjectPodAndVolumeClaimCarriesTheOwnershipLabels() {
        for (AppPlan plan : plans) {
            for (HasMetadata o : plan.objects()) {
                assertThat(o.getMetadata().getLabels()).as(o.getKind() + " " + o.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/managed-by", "kubelode")
                        .containsEntry("kubelode.io/cluster", Homelab.CLUSTER);
            }
            templates(plan).forEach(t -> assertThat(t.getMetadata().getLabels())
                    .containsEntry("kubelode.io/cluster", Homelab.CLUSTER));
            plan.ofType(StatefulSet.class).forEach(s -> s.getSpec().getVolumeClaimTemplates().forEach(
                    c -> assertThat(c.getMetadata().getLabels()).containsEntry("kubelode.io/cluster", Homelab.CLUSTER)
                            .containsEntry("app.kubernetes.io/managed-by", "kubelode")));
            plan.ofType(CronJob.class).forEach(c -> assertThat(c.getSpec().getJobTemplate().getSpec().getTemplate()
                    .getMetadata().getLabels()).containsEntry("kubelode.io/cluster", Homelab.CLUSTER));
        }
    }

    @Test
    void everyAppHasItsOwnHostRoutedToAServicePortThatReachesAContainerPort() {
        for (App app : App.values()) {
            AppPlan plan = plan(app.id());
            Ingress ingress = plan.ofType(Ingress.class).get(0);
            var rule = ingress.getSpec().getRules().get(0);
            assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
            assertThat(rule.getHost()).isEqualTo(ctx.spec().hostOf(app)).endsWith(".dyll.in");
            var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
            Service service = one(plan, Service.class, backend.getName());
            ServicePort port = service.getSpec().getPorts().stream()
                    .filter(p -> p.getName().equals(backend.getPort().getName())).findFirst().orElseThrow();
            PodSpec pod = templates(plan).stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet()
                            .containsAll(service.getSpec().getSelector().entrySet()))
                    .findFirst().orElseThrow().getSpec();
            assertThat(pod.getContainers().stream().flatMap(c -> c.getPorts().stream()))
                    .as("%s: a container port named %s", app, port.getTargetPort().getStrVal())
                    .anyMatch(p -> p.getName().equals(port.getTargetPort().getStrVal()));
        }
        assertThat(plans.stream().flatMap(p -> p.ofType(Ingress.class).stream())
                .map(i -> i.getSpec().getRules().get(0).getHost()).distinct()).hasSize(6);
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndHasAMemoryLimitAndEveryServerHasProbes() {
        for (AppPlan plan : plans) {
            for (PodTemplateSpec t : templates(plan)) {
                Stream.concat(t.getSpec().getContainers().stream(), t.getSpec().getInitContainers().stream())
                        .forEach(c -> {
                            assertThat(c.getResources().getRequests()).as(plan.name() + "/" + c.getName())
                                    .containsKeys("cpu", "memory");
                            assertThat(c.getResources().getLimits()).as(plan.name() + "/" + c.getName())
                                    .containsKey("memory");
                            assertThat(c.getImage()).as(c.getName()).contains(":").doesNotEndWith(":latest");
                        });
                t.getSpec().getContainers().forEach(c -> {
                    assertThat(c.getReadinessProbe()).as(plan.name() + "/" + c.getName() + " readiness").isNotNull();
                    if (!c.getName().equals("provisioner")) { // local-path-provisioner has no health endpoint
                        assertThat(c.getLivenessProbe()).as(plan.name() + "/" + c.getName() + " liveness")
                                .isNotNull();
                    }
                });
            }
        }
    }

    @Test
    void platformRunsTheIngressControllerOnHostPortsAndProvidesTheDefaultLocalStorage() {
        AppPlan platform = plan("platform");
        DaemonSet ds = one(platform, DaemonSet.class, "ingress-nginx-controller");
        Container c = ds.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getHostPort())
                .contains("http:80", "https:443");
        assertThat(c.getArgs()).contains("--ingress-class=nginx", "--controller-class=k8s.io/ingress-nginx");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(ds.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("ingress-nginx");
        assertThat(one(platform, IngressClass.class, "nginx").getMetadata().getAnnotations())
                .containsEntry("ingressclass.kubernetes.io/is-default-class", "true");
        StorageClass sc = one(platform, StorageClass.class, "local-path");
        assertThat(sc.getProvisioner()).isEqualTo("rancher.io/local-path");
        assertThat(sc.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
        assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
        ConfigMap config = one(platform, ConfigMap.class, "local-path-config");
        assertThat(config.getData()).containsKeys("config.json", "setup", "teardown", "helperPod.yaml");
        assertThat(config.getData().get("config.json")).contains("/opt/local-path-provisioner");
        assertThat(platform.ofType(Namespace.class)).extracting(n -> n.getMetadata().getName())
                .containsExactly("local-path-storage", "ingress-nginx");
    }

    @Test
    void statelessAppsRunTwoSpreadReplicasBehindADisruptionBudget() {
        for (String app : List.of("web", "blog")) {
            AppPlan plan = plan(app);
            Deployment d = plan.ofType(Deployment.class).get(0);
            assertThat(d.getSpec().getReplicas()).isEqualTo(2);
            assertThat(d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                    .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm()
                    .getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            PodDisruptionBudget pdb = plan.ofType(PodDisruptionBudget.class).get(0);
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(d.getSpec().getSelector().getMatchLabels());
        }
    }

    @Test
    void blogIsBuiltFromItsRepositoryByInitContainersAndServedByNginx() {
        PodSpec pod = plan("blog").ofType(Deployment.class).get(0).getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("clone", "build");
        assertThat(pod.getInitContainers().get(0).getArgs()).contains(Homelab.BLOG_REPO, "/src");
        assertThat(pod.getInitContainers().get(1).getCommand()).contains("hugo", "--baseURL", "http://blog.dyll.in/");
        assertThat(pod.getContainers().get(0).getVolumeMounts().get(0).getMountPath())
                .isEqualTo("/usr/share/nginx/html");
    }

    @Test
    void jupyterHubSpawnsNotebooksAsLabelledPodsWithTheRightsToDoSo() {
        AppPlan plan = plan("jupyterhub");
        String config = one(plan, ConfigMap.class, "hub-config").getData().get("jupyterhub_config.py");
        assertThat(config).contains("c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'",
                "c.KubeSpawner.namespace = 'jupyterhub'", "c.KubeSpawner.storage_class = 'local-path'",
                "'kubelode.io/cluster': '" + Homelab.CLUSTER + "'", "c.KubeSpawner.mem_limit = '512M'",
                "os.environ['ADMIN_PASSWORD']");
        Role role = one(plan, Role.class, "hub");
        assertThat(role.getRules().get(0).getResources()).contains("pods", "persistentvolumeclaims");
        assertThat(role.getRules().get(0).getVerbs()).contains("create", "delete");
        StatefulSet hub = one(plan, StatefulSet.class, "hub");
        assertThat(hub.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("hub");
        assertThat(hub.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName())
                .isEqualTo("local-path");
        assertThat(one(plan, Deployment.class, "proxy").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getCommand()).contains("--default-target=http://hub:8081");
    }

    @Test
    void kubeflowInstallsTheTfJobDefinitionAndTheOperatorBehindBasicAuth() {
        AppPlan plan = plan("kubeflow");
        CustomResourceDefinition crd = one(plan, CustomResourceDefinition.class, "tfjobs.kubeflow.org");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("TFJob");
        assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
        assertThat(plan.objects().indexOf(crd)).isLessThan(plan.objects().indexOf(
                one(plan, Deployment.class, "training-operator")));
        Container op = one(plan, Deployment.class, "training-operator").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(op.getArgs()).contains("--enable-scheme=tfjob");
        assertThat(plan.ofType(Ingress.class).get(0).getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/auth-type", "basic")
                .containsEntry("nginx.ingress.kubernetes.io/auth-secret", "admin");
        assertThat(one(plan, Secret.class, "admin").getStringData().get("auth")).matches("admin:\\{SSHA}[A-Za-z0-9+/=]+\n");
    }

    @Test
    void nextcloudAndItsDatabaseAreStatefulSetsWithVolumesAndSharedGeneratedCredentials() {
        AppPlan plan = plan("nextcloud");
        StatefulSet db = one(plan, StatefulSet.class, "mariadb");
        StatefulSet nc = one(plan, StatefulSet.class, "nextcloud");
        assertThat(db.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage"))
                .hasToString("2Gi");
        assertThat(nc.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage"))
                .hasToString("5Gi");
        Map<String, String> ncEnv = env(nc.getSpec().getTemplate().getSpec().getContainers().get(0));
        Map<String, String> dbEnv = env(db.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(ncEnv).containsEntry("MYSQL_HOST", "mariadb")
                .containsEntry("NEXTCLOUD_TRUSTED_DOMAINS", "cloud.dyll.in")
                .containsEntry("TRUSTED_PROXIES", ctx.addresses().clusterCidr())
                .containsEntry("MYSQL_PASSWORD", "secret:nextcloud-credentials/db-password");
        assertThat(dbEnv).containsEntry("MARIADB_PASSWORD", "secret:nextcloud-credentials/db-password");
        assertThat(nc.getSpec().getTemplate().getSpec().getContainers().get(0).getStartupProbe()
                .getHttpGet().getHttpHeaders().get(0).getValue()).isEqualTo("cloud.dyll.in");
        assertThat(one(plan, Service.class, "mariadb").getSpec().getPorts().get(0).getPort()).isEqualTo(3306);
    }

    @Test
    void giteaKnowsItsUrlAndCreatesItsAdminOnce() {
        AppPlan plan = plan("gitea");
        StatefulSet gitea = one(plan, StatefulSet.class, "gitea");
        Map<String, String> env = env(gitea.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env).containsEntry("GITEA__server__ROOT_URL", "http://git.dyll.in/")
                .containsEntry("GITEA__database__DB_TYPE", "sqlite3")
                .containsEntry("GITEA__security__SECRET_KEY", "secret:gitea-credentials/secret-key");
        Container init = gitea.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(init.getCommand()).containsExactly("/bin/sh", "/scripts/gitea-admin.sh");
        assertThat(one(plan, ConfigMap.class, "gitea-scripts").getData().get("gitea-admin.sh"))
                .contains("gitea admin user create");
        assertThat(gitea.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName()).isEqualTo("data");
    }

    @Test
    void generatedSecretsAreStrongAndNeverCopiedIntoOtherObjects() {
        List<String> secretValues = plans.stream().flatMap(p -> p.ofType(Secret.class).stream())
                .peek(s -> assertThat(s.getMetadata().getAnnotations()).containsEntry("kubelode.io/generated", "true"))
                .flatMap(s -> s.getStringData().entrySet().stream())
                .filter(e -> e.getKey().contains("password") || e.getKey().contains("secret")
                        || e.getKey().contains("token") || e.getKey().contains("key"))
                .map(Map.Entry::getValue).toList();
        assertThat(secretValues).hasSizeGreaterThanOrEqualTo(10).allMatch(v -> v.length() >= 24);
        String everythingElse = plans.stream().flatMap(p -> p.objects().stream())
                .filter(o -> !(o instanceof Secret)).map(Object::toString).reduce("", String::concat);
        assertThat(secretValues).noneMatch(everythingElse::contains);
        List<EnvVar> literalEnv = plans.stream().flatMap(p -> templates(p).stream())
                .flatMap(t -> t.getSpec().getContainers().stream()).flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getName().contains("PASSWORD") || e.getName().contains("TOKEN")).toList();
        assertThat(literalEnv).allMatch(e -> e.getValue() == null && e.getValueFrom() != null);
    }

    @Test
    void aRebuiltPlanDiffersOnlyInTheGeneratedSecrets() {
        List<AppPlan> again = Catalog.plan(Homelab.context());
        List<HasMetadata> a = plans.stream().flatMap(p -> p.objects().stream()).filter(o -> !(o instanceof Secret))
                .toList();
        List<HasMetadata> b = again.stream().flatMap(p -> p.objects().stream()).filter(o -> !(o instanceof Secret))
                .toList();
        assertThat(b).isEqualTo(a);
        assertThat(Objects.equals(plans.get(3).ofType(Secret.class), again.get(3).ofType(Secret.class))).isFalse();
    }

    @Test
    void onlyTheSelectedAppsArePlanned() {
        var spec = ctx.spec();
        var webOnly = new io.kubelode.events.spec.ClusterSpec(spec.name(), spec.region(), spec.nodeType(),
                spec.image(), spec.nodes(), spec.domain(), List.of(App.WEB, App.GITEA), spec.sshKeys(),
                spec.homePeer(), spec.kubernetesVersion(), spec.keepOnFailure());
        assertThat(Catalog.plan(AppContext.of("c1", webOnly, ctx.credentials(), Homelab.BLOG_REPO)))
                .extracting(AppPlan::name).containsExactly("platform", "web", "gitea");
    }
}
