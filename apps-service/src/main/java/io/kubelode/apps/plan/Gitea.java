package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.Kube.env;
import static io.kubelode.apps.plan.Kube.meta;
import static io.kubelode.apps.plan.Kube.secretEnv;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.kubelode.events.spec.App;
import java.util.List;
import java.util.Map;

/**
 * Gitea (rootless image) with SQLite on a node-local volume: one StatefulSet replica, since
 * Gitea scales out only with shared storage, an external database and a queue. An init container
 * migrates the database and creates the generated admin account once.
 */
public final class Gitea implements AppManifest {
    public static final String NAMESPACE = "gitea";
    public static final String IMAGE = "docker.io/gitea/gitea:1.22.3-rootless";
    public static final String ADMIN = "gitadmin";
    static final String APP = App.GITEA.id();
    static final String SECRET = "gitea-credentials";

    @Override
    public String name() {
        return APP;
    }

    @Override
    public List<HasMetadata> objects(AppContext ctx) {
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                Kube.generatedSecret(ctx, SECRET, NAMESPACE, APP, Map.of("admin-user", ADMIN,
                        "admin-password", ctx.credentials().password(24),
                        "secret-key", ctx.credentials().hexKey(32),
                        "internal-token", ctx.credentials().hexKey(48))),
                new ConfigMapBuilder().withMetadata(meta(ctx, "gitea-scripts", NAMESPACE, APP, "server"))
                        .withData(Map.of(Scripts.GITEA_ADMIN, Scripts.load(Scripts.GITEA_ADMIN))).build(),
                statefulSet(ctx),
                Kube.service(ctx, "gitea", NAMESPACE, APP, "server", Kube.port("http", 80, "http"),
                        Kube.port("ssh", 22, "ssh")),
                Kube.ingress(ctx, App.GITEA, NAMESPACE, "gitea", "http", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-body-size", "512m")));
    }

    @Override
    public List<BackupSource> backupSources(AppContext ctx) {
        return List.of(BackupSource.files("data", APP, NAMESPACE, "data-gitea-0"));
    }

    private static List<EnvVar> environment(AppContext ctx) {
        String host = ctx.host(App.GITEA);
        return List.of(env("GITEA_APP_INI", "/var/lib/gitea/custom/conf/app.ini"),
                env("GITEA_CUSTOM", "/var/lib/gitea/custom"), env("GITEA_WORK_DIR", "/var/lib/gitea"),
                env("GITEA__database__DB_TYPE", "sqlite3"),
                env("GITEA__database__PATH", "/var/lib/gitea/data/gitea.db"),
                env("GITEA__server__DOMAIN", host), env("GITEA__server__SSH_DOMAIN", host),
                env("GITEA__server__ROOT_URL", ctx.url(App.GITEA)),
                env("GITEA__server__HTTP_PORT", "3000"), env("GITEA__server__SSH_LISTEN_PORT", "2222"),
                env("GITEA__security__INSTALL_LOCK", "true"),
                secretEnv("GITEA__security__SECRET_KEY", SECRET, "secret-key"),
                secretEnv("GITEA__security__INTERNAL_TOKEN", SECRET, "internal-token"),
                env("GITEA__service__DISABLE_REGISTRATION", "true"),
                env("GITEA__queue__TYPE", "level"));
    }

    private static HasMetadata statefulSet(AppContext ctx) {
        var init = new ContainerBuilder().withName("admin").withImage(IMAGE)
                .withCommand("/bin/sh", "/scripts/" + Scripts.GITEA_ADMIN)
                .withEnv(environment(ctx)).addToEnv(secretEnv("ADMIN_USER", SECRET, "admin-user"),
                        secretEnv("ADMIN_PASSWORD", SECRET, "admin-password"),
                        env("ADMIN_EMAIL", ADMIN + "@" + ctx.spec().domain()))
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/gitea").endVolumeMount()
                .addNewVolumeMount().withName("scripts").withMountPath("/scripts").endVolumeMount()
                .withResources(Kube.resources("50m", "96Mi", "256Mi"))
                .build();
        var gitea = new ContainerBuilder().withName("gitea").withImage(IMAGE).withEnv(environment(ctx))
                .addNewPort().withName("http").withContainerPort(3000).withProtocol("TCP").endPort()
                .addNewPort().withName("ssh").withContainerPort(2222).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/gitea").endVolumeMount()
                .withStartupProbe(Kube.http("/api/healthz", "http", 5, 5, 36))
                .withReadinessProbe(Kube.http("/api/healthz", "http", 0, 10, 3))
                .withLivenessProbe(Kube.http("/api/healthz", "http", 0, 30, 5))
                .withResources(Kube.resources("50m", "128Mi", "384Mi"))
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1000L)
                .withAllowPrivilegeEscalation(false).endSecurityContext()
                .build();
        return new StatefulSetBuilder().withMetadata(meta(ctx, "gitea", NAMESPACE, APP, "server")).withNewSpec()
                .withReplicas(1).withServiceName("gitea")
                .withNewSelector().withMatchLabels(Labels.selector(APP, "server")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "server"))
                .endMetadata().withNewSpec().withNewSecurityContext().withFsGroup(1000L).endSecurityContext()
                .withInitContainers(init).withContainers(gitea)
                .addNewVolume().withName("scripts").withNewConfigMap().withName("gitea-scripts").endConfigMap()
                .endVolume().endSpec().endTemplate()
                .withVolumeClaimTemplates(Kube.claimTemplate(ctx, "data", APP, "2Gi")).endSpec().build();
    }
}
