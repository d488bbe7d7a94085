package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.IngressNginx.rule;
import static io.kubelode.apps.plan.Kube.meta;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.kubelode.events.spec.App;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JupyterHub as zero-to-jupyterhub lays it out: the hub (KubeSpawner starts every notebook as its
 * own pod with its own volume) and configurable-http-proxy in front of it. The hub keeps its state
 * in SQLite and does not run replicated, so it is one StatefulSet replica with a volume.
 */
public final class JupyterHub implements AppManifest {
    public static final String NAMESPACE = "jupyterhub";
    public static final String HUB_IMAGE = "quay.io/jupyterhub/k8s-hub:4.0.0";
    public static final String PROXY_IMAGE = "quay.io/jupyterhub/configurable-http-proxy:4.6.2";
    public static final String NOTEBOOK_IMAGE = "quay.io/jupyter/base-notebook:python-3.12";
    public static final String ADMIN = "admin";
    static final String APP = App.JUPYTERHUB.id();
    static final String SECRET = "hub-secret";

    @Override
    public String name() {
        return APP;
    }

    @Override
    public List<HasMetadata> objects(AppContext ctx) {
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                new ServiceAccountBuilder().withMetadata(meta(ctx, "hub", NAMESPACE, APP, "hub")).build(),
                new RoleBuilder().withMetadata(meta(ctx, "hub", NAMESPACE, APP, "hub"))
                        .withRules(rule("", List.of("pods", "persistentvolumeclaims", "secrets", "services"),
                                        "get", "watch", "list", "create", "delete"),
                                rule("", List.of("events"), "get", "watch", "list"))
                        .build(),
                new RoleBindingBuilder().withMetadata(meta(ctx, "hub", NAMESPACE, APP, "hub"))
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "hub")
                        .addNewSubject().withKind("ServiceAccount").withName("hub").withNamespace(NAMESPACE)
                        .endSubject().build(),
                Kube.generatedSecret(ctx, SECRET, NAMESPACE, APP, Map.of("admin-password",
                        ctx.credentials().password(24), "proxy-token", ctx.credentials().hexKey(32),
                        "cookie-secret", ctx.credentials().hexKey(32))),
                new ConfigMapBuilder().withMetadata(meta(ctx, "hub-config", NAMESPACE, APP, "hub"))
                        .withData(Map.of("jupyterhub_config.py", config(ctx))).build(),
                hub(ctx),
                Kube.service(ctx, "hub", NAMESPACE, APP, "hub", Kube.port("hub", 8081, "hub")),
                proxy(ctx),
                Kube.service(ctx, "proxy-public", NAMESPACE, APP, "proxy", Kube.port("http", 80, "http")),
                Kube.service(ctx, "proxy-api", NAMESPACE, APP, "proxy", Kube.port("api", 8001, "api")),
                Kube.ingress(ctx, App.JUPYTERHUB, NAMESPACE, "proxy-public", "http", Map.of()));
    }

    @Override
    public List<BackupSource> backupSources(AppContext ctx) {
        return List.of(BackupSource.files("hub-db", APP, NAMESPACE, "hub-db-hub-0"));
    }

    private static HasMetadata hub(AppContext ctx) {
        var hub = new ContainerBuilder().withName("hub").withImage(HUB_IMAGE)
                .withArgs("jupyterhub", "--config", "/usr/local/etc/jupyterhub/jupyterhub_config.py")
                .withEnv(Kube.secretEnv("ADMIN_PASSWORD", SECRET, "admin-password"),
                        Kube.secretEnv("CONFIGPROXY_AUTH_TOKEN", SECRET, "proxy-token"),
                        Kube.secretEnv("JPY_COOKIE_SECRET", SECRET, "cookie-secret"))
                .addNewPort().withName("hub").withContainerPort(8081).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName("config").withMountPath("/usr/local/etc/jupyterhub").endVolumeMount()
                .addNewVolumeMount().withName("hub-db").withMountPath("/srv/jupyterhub").endVolumeMount()
                .withStartupProbe(Kube.http("/hub/health", "hub", 5, 5, 60))
                .withReadinessProbe(Kube.http("/hub/health", "hub", 0, 10, 3))
                .withLivenessProbe(Kube.http("/hub/health", "hub", 0, 30, 5))
                .withResources(Kube.resources("50m", "192Mi", "384Mi"))
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1000L)
                .withAllowPrivilegeEscalation(false).endSecurityContext()
                .build();
        return new StatefulSetBuilder().withMetadata(meta(ctx, "hub", NAMESPACE, APP, "hub")).withNewSpec()
                .withReplicas(1).withServiceName("hub")
                .withNewSelector().withMatchLabels(Labels.selector(APP, "hub")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "hub")).endMetadata()
                .withNewSpec().withServiceAccountName("hub").withNewSecurityContext().withFsGroup(1000L)
                .endSecurityContext().withContainers(hub)
                .addNewVolume().withName("config").withNewConfigMap().withName("hub-config").endConfigMap().endVolume()
                .endSpec().endTemplate()
                .withVolumeClaimTemplates(Kube.claimTemplate(ctx, "hub-db", APP, "1Gi"))
                .endSpec().build();
    }

    private static HasMetadata proxy(AppContext ctx) {
        var proxy = new ContainerBuilder().withName("chp").withImage(PROXY_IMAGE)
                .withCommand("configurable-http-proxy", "--ip=", "--api-ip=", "--api-port=8001",
                        "--default-target=http://hub:8081", "--error-target=http://hub:8081/hub/error", "--port=8000")
                .withEnv(Kube.secretEnv("CONFIGPROXY_AUTH_TOKEN", SECRET, "proxy-token"))
                .addNewPort().withName("http").withContainerPort(8000).withProtocol("TCP").endPort()
                .addNewPort().withName("api").withContainerPort(8001).withProtocol("TCP").endPort()
                .withReadinessProbe(Kube.http("/_chp_healthz", "http", 0, 10, 3))
                .withLivenessProbe(Kube.http("/_chp_healthz", "http", 30, 20, 3))
                .withResources(Kube.resources("20m", "48Mi", "128Mi"))
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65534L)
                .withAllowPrivilegeEscalation(false).endSecurityContext()
                .build();
        return new DeploymentBuilder().withMetadata(meta(ctx, "proxy", NAMESPACE, APP, "proxy")).withNewSpec()
                .withReplicas(1).withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(Labels.selector(APP, "proxy")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "proxy"))
                .endMetadata().withNewSpec().withContainers(proxy).endSpec().endTemplate().endSpec().build();
    }

    /** The hub's configuration: KubeSpawner starts notebooks as labelled pods with labelled volumes. */
    static String config(AppContext ctx) {
        Map<String, String> labels = new LinkedHashMap<>(Labels.owned(ctx.clusterId()));
        labels.put(Labels.PART_OF, APP);
        String pyLabels = labels.entrySet().stream().map(e -> "'" + e.getKey() + "': '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        return """
                import os
                c.JupyterHub.hub_ip = '0.0.0.0'
                c.JupyterHub.hub_connect_ip = 'hub'
                c.JupyterHub.db_url = 'sqlite:////srv/jupyterhub/jupyterhub.sqlite'
                c.JupyterHub.cleanup_servers = False
                c.ConfigurableHTTPProxy.should_start = False
                c.ConfigurableHTTPProxy.api_url = 'http://proxy-api:8001'
                c.JupyterHub.authenticator_class = 'dummy'
                c.DummyAuthenticator.password = os.environ['ADMIN_PASSWORD']
                c.Authenticator.admin_users = {'%s'}
                c.Authenticator.allowed_users = {'%s'}
                c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'
                c.KubeSpawner.namespace = '%s'
                c.KubeSpawner.image = '%s'
                c.KubeSpawner.cpu_guarantee = 0.05
                c.KubeSpawner.cpu_limit = 1.0
                c.KubeSpawner.mem_guarantee = '256M'
                c.KubeSpawner.mem_limit = '512M'
                c.KubeSpawner.start_timeout = 300
                c.KubeSpawner.fs_gid = 100
                c.KubeSpawner.storage_pvc_ensure = True
                c.KubeSpawner.storage_class = '%s'
                c.KubeSpawner.storage_capacity = '1Gi'
                c.KubeSpawner.pvc_name_template = 'claim-{username}'
                c.KubeSpawner.volumes = [{'name': 'home', 'persistentVolumeClaim': {'claimName': 'claim-{username}'}}]
                c.KubeSpawner.volume_mounts = [{'name': 'home', 'mountPath': '/home/jovyan'}]
                c.KubeSpawner.extra_labels = %s
                c.KubeSpawner.storage_extra_labels = %s
                """.formatted(ADMIN, ADMIN, NAMESPACE, NOTEBOOK_IMAGE, Kube.STORAGE_CLASS, pyLabels, pyLabels);
    }
}
