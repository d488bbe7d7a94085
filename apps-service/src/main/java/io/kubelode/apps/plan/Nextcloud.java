package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.Kube.env;
import static io.kubelode.apps.plan.Kube.meta;
import static io.kubelode.apps.plan.Kube.secretEnv;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.kubelode.events.spec.App;
import java.util.List;
import java.util.Map;

/**
 * Nextcloud with MariaDB, each a one-replica StatefulSet with its own node-local volume. Neither
 * runs replicated here: Nextcloud needs shared (ReadWriteMany) storage and Redis to scale out,
 * MariaDB needs Galera, and a 1-4 GB node has no room for either; the home backups are the
 * redundancy. The database is backed up as a consistent dump, the files as they are.
 */
public final class Nextcloud implements AppManifest {
    public static final String NAMESPACE = "nextcloud";
    public static final String IMAGE = "docker.io/library/nextcloud:30.0.2-apache";
    public static final String DB_IMAGE = "docker.io/library/mariadb:11.4.4";
    static final String APP = App.NEXTCLOUD.id();
    static final String SECRET = "nextcloud-credentials";
    static final String ADMIN = "admin";

    @Override
    public String name() {
        return APP;
    }

    @Override
    public List<HasMetadata> objects(AppContext ctx) {
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                Kube.generatedSecret(ctx, SECRET, NAMESPACE, APP, Map.of("admin-user", ADMIN,
                        "admin-password", ctx.credentials().password(24),
                        "db-password", ctx.credentials().password(32),
                        "db-root-password", ctx.credentials().password(32))),
                database(ctx),
                Kube.service(ctx, "mariadb", NAMESPACE, APP, "database", Kube.port("mysql", 3306, "mysql")),
                server(ctx),
                Kube.service(ctx, "nextcloud", NAMESPACE, APP, "server", Kube.port("http", 80, "http")),
                Kube.ingress(ctx, App.NEXTCLOUD, NAMESPACE, "nextcloud", "http", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-body-size", "512m")));
    }

    @Override
    public List<BackupSource> backupSources(AppContext ctx) {
        Container dump = new ContainerBuilder().withName("dump").withImage(DB_IMAGE)
                .withCommand("mariadb-dump", "--host=mariadb", "--user=root", "--single-transaction",
                        "--all-databases", "--result-file=/staging/all-databases.sql")
                .withEnv(secretEnv("MYSQL_PWD", SECRET, "db-root-password"))
                .withResources(Kube.resources("20m", "32Mi", "128Mi"))
                .addNewVolumeMount().withName("staging").withMountPath("/staging").endVolumeMount()
                .build();
        return List.of(BackupSource.dump("database", APP, NAMESPACE, dump),
                BackupSource.files("files", APP, NAMESPACE, "html-nextcloud-0"));
    }

    private static HasMetadata database(AppContext ctx) {
        var db = new ContainerBuilder().withName("mariadb").withImage(DB_IMAGE)
                // a 64 MB buffer pool and no performance schema keep MariaDB under 200 MB
                .withArgs("--innodb-buffer-pool-size=64M", "--performance-schema=OFF", "--max-connections=50",
                        "--transaction-isolation=READ-COMMITTED", "--binlog-format=ROW")
                .withEnv(secretEnv("MARIADB_ROOT_PASSWORD", SECRET, "db-root-password"),
                        env("MARIADB_DATABASE", "nextcloud"), env("MARIADB_USER", "nextcloud"),
                        secretEnv("MARIADB_PASSWORD", SECRET, "db-password"),
                        env("MARIADB_AUTO_UPGRADE", "1"))
                .addNewPort().withName("mysql").withContainerPort(3306).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/mysql").endVolumeMount()
                .withReadinessProbe(Kube.exec(10, 10, 3, "healthcheck.sh", "--connect", "--innodb_initialized"))
                .withLivenessProbe(Kube.exec(60, 20, 5, "healthcheck.sh", "--connect"))
                .withResources(Kube.resources("50m", "192Mi", "384Mi"))
                .build();
        return new StatefulSetBuilder().withMetadata(meta(ctx, "mariadb", NAMESPACE, APP, "database")).withNewSpec()
                .withReplicas(1).withServiceName("mariadb")
                .withNewSelector().withMatchLabels(Labels.selector(APP, "database")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "database"))
                .endMetadata().withNewSpec().withAffinity(Kube.spread(APP, "server")).withContainers(db).endSpec()
                .endTemplate().withVolumeClaimTemplates(Kube.claimTemplate(ctx, "data", APP, "2Gi")).endSpec().build();
    }

    private static HasMetadata server(AppContext ctx) {
        var nc = new ContainerBuilder().withName("nextcloud").withImage(IMAGE)
                .withEnv(env("MYSQL_HOST", "mariadb"), env("MYSQL_DATABASE", "nextcloud"),
                        env("MYSQL_USER", "nextcloud"), secretEnv("MYSQL_PASSWORD", SECRET, "db-password"),
                        secretEnv("NEXTCLOUD_ADMIN_USER", SECRET, "admin-user"),
                        secretEnv("NEXTCLOUD_ADMIN_PASSWORD", SECRET, "admin-password"),
                        env("NEXTCLOUD_TRUSTED_DOMAINS", ctx.host(App.NEXTCLOUD)),
                        env("TRUSTED_PROXIES", ctx.addresses().clusterCidr()),
                        env("PHP_MEMORY_LIMIT", "256M"), env("PHP_UPLOAD_LIMIT", "512M"))
                .addNewPort().withName("http").withContainerPort(80).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName("html").withMountPath("/var/www/html").endVolumeMount()
                // the first start installs Nextcloud into the volume, which takes minutes on a small node
                .withStartupProbe(status(ctx, 10, 10, 60))
                .withReadinessProbe(status(ctx, 0, 10, 3))
                .withLivenessProbe(status(ctx, 0, 30, 5))
                .withResources(Kube.resources("100m", "256Mi", "512Mi"))
                .build();
        return new StatefulSetBuilder().withMetadata(meta(ctx, "nextcloud", NAMESPACE, APP, "server")).withNewSpec()
                .withReplicas(1).withServiceName("nextcloud")
                .withNewSelector().withMatchLabels(Labels.selector(APP, "server")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "server"))
                .endMetadata().withNewSpec().withAffinity(Kube.spread(APP, "database"))
                .withNewSecurityContext().withFsGroup(33L).endSecurityContext().withContainers(nc).endSpec()
                .endTemplate().withVolumeClaimTemplates(Kube.claimTemplate(ctx, "html", APP, "5Gi")).endSpec().build();
    }

    private static Probe status(AppContext ctx, int initialDelay, int period, int failures) {
        Probe p = Kube.http("/status.php", "http", initialDelay, period, failures);
        return new ProbeBuilder(p).editHttpGet().withHttpHeaders(new HTTPHeader("Host", ctx.host(App.NEXTCLOUD)))
                .endHttpGet().build();
    }
}
