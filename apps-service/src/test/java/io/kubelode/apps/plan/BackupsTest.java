package io.kubelode.apps.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubelode.apps.Homelab;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Backups home over the tunnel, and their restores, at the manifest level. */
class BackupsTest {
    private final AppContext ctx = Homelab.context();
    private final List<AppPlan> plans = Catalog.plan(ctx);
    private final String home = AddressPlan.of(ctx.spec()).homeMeshAddress();

    private List<CronJob> cronJobs() {
        return plans.stream().flatMap(p -> p.ofType(CronJob.class).stream()).toList();
    }

    private static Map<String, String> env(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    }

    @Test
    void everyStatefulAppAndEtcdShipsNightlyToTheHomePeersMeshAddress() {
        assertThat(home).isNotNull().startsWith("10.");
        Map<String, String> targets = cronJobs().stream().collect(Collectors.toMap(
                c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(),
                c -> env(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0))
                        .get("TARGET_URL")));
        String base = "rsync://" + home + ":873/kubelode/" + Homelab.CLUSTER + "/";
        assertThat(targets).containsOnly(
                Map.entry("kube-system/backup-etcd", base + "etcd/etcd"),
                Map.entry("jupyterhub/backup-hub-db", base + "jupyterhub/hub-db"),
                Map.entry("nextcloud/backup-database", base + "nextcloud/database"),
                Map.entry("nextcloud/backup-files", base + "nextcloud/files"),
                Map.entry("gitea/backup-data", base + "gitea/data"));
        assertThat(cronJobs()).allSatisfy(c -> {
            assertThat(c.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
            assertThat(c.getSpec().getSchedule()).matches("\\d{1,2} [23] \\* \\* \\*");
        });
        assertThat(cronJobs()).extracting(c -> c.getSpec().getSchedule()).doesNotHaveDuplicates();
    }

    @Test
    void fileBackupsMountTheClaimTheStatefulSetCreatesReadOnly() {
        Map<String, String> claimsOfStatefulSets = plans.stream().flatMap(p -> p.ofType(StatefulSet.class).stream())
                .flatMap(s -> s.getSpec().getVolumeClaimTemplates().stream().map(t -> Map.entry(
                        t.getMetadata().getName() + "-" + s.getMetadata().getName() + "-0",
                        s.getMetadata().getNamespace())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<CronJob> fileJobs = cronJobs().stream().filter(c -> pod(c).getInitContainers().isEmpty()).toList();
        assertThat(fileJobs).hasSize(3).allSatisfy(c -> {
            Volume data = pod(c).getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst().orElseThrow();
            assertThat(claimsOfStatefulSets).containsEntry(data.getPersistentVolumeClaim().getClaimName(),
                    c.getMetadata().getNamespace());
            assertThat(data.getPersistentVolumeClaim().getReadOnly()).isTrue();
            assertThat(env(pod(c).getContainers().get(0))).containsEntry("SOURCE_DIR", "/data");
        });
    }

    @Test
    void theDatabaseIsShippedAsAConsistentDumpAndEtcdAsASnapshotFromAControlPlaneNode() {
        CronJob db = cronJobs().stream().filter(c -> c.getMetadata().getName().equals("backup-database")).findFirst()
                .orElseThrow();
        Container dump = pod(db).getInitContainers().get(0);
        assertThat(dump.getCommand()).contains("mariadb-dump", "--single-transaction",
                "--result-file=/staging/all-databases.sql");
        assertThat(dump.getEnv().get(0).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("db-root-password");
        assertThat(env(pod(db).getContainers().get(0))).containsEntry("SOURCE_DIR", "/staging");

        CronJob etcd = cronJobs().stream().filter(c -> c.getMetadata().getName().equals("backup-etcd")).findFirst()
                .orElseThrow();
        assertThat(pod(etcd).getNodeSelector()).containsKey("node-role.kubernetes.io/control-plane");
        assertThat(pod(etcd).getHostNetwork()).isTrue();
        assertThat(pod(etcd).getTolerations()).anyMatch(t -> "node-role.kubernetes.io/control-plane".equals(t.getKey()));
        assertThat(pod(etcd).getInitContainers().get(0).getCommand())
                .contains("etcdctl", "snapshot", "save", "/staging/etcd-snapshot.db");
    }

    @Test
    void withoutAHomePeerNothingIsScheduled() {
        ClusterSpec s = ctx.spec();
        ClusterSpec noHome = new ClusterSpec(s.name(), s.region(), s.nodeType(), s.image(), s.nodes(), s.domain(),
                s.apps(), s.sshKeys(), null, s.kubernetesVersion(), s.keepOnFailure());
        List<AppPlan> p = Catalog.plan(AppContext.of("c2", noHome, ctx.credentials(), Homelab.BLOG_REPO));
        assertThat(p.stream().flatMap(x -> x.ofType(CronJob.class).stream())).isEmpty();
        assertThat(p.stream().flatMap(x -> x.objects().stream()))
                .noneMatch(o -> o.getMetadata().getName().equals(Backups.SCRIPTS));
    }

    @Test
    void aFileRestoreWritesBackIntoTheSameClaimFromTheSameHomePath() {
        BackupSource files = new Gitea().backupSources(ctx).get(0);
        Job restore = Restores.job(ctx, files);
        PodSpec pod = restore.getSpec().getTemplate().getSpec();
        assertThat(restore.getMetadata().getNamespace()).isEqualTo("gitea");
        assertThat(restore.getMetadata().getLabels()).containsEntry("kubelode.io/cluster", Homelab.CLUSTER);
        assertThat(env(pod.getContainers().get(0))).containsEntry("SOURCE_URL", Backups.target(ctx, "gitea", "data"))
                .containsEntry("TARGET_DIR", "/data");
        Volume data = pod.getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst().orElseThrow();
        assertThat(data.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-gitea-0");
        assertThat(data.getPersistentVolumeClaim().getReadOnly()).isNull();
        assertThat(pod.getContainers().get(0).getVolumeMounts()).noneMatch(m -> Boolean.TRUE.equals(m.getReadOnly())
                && m.getName().equals("data"));
    }

    @Test
    void aDatabaseRestoreFetchesTheDumpThenLoadsItWithTheDumpsCredentials() {
        BackupSource database = new Nextcloud().backupSources(ctx).get(0);
        PodSpec pod = Restores.job(ctx, database).getSpec().getTemplate().getSpec();
        assertThat(env(pod.getInitContainers().get(0)))
                .containsEntry("SOURCE_URL", Backups.target(ctx, "nextcloud", "database"))
                .containsEntry("TARGET_DIR", "/staging");
        Container load = pod.getContainers().get(0);
        assertThat(load.getImage()).isEqualTo(Nextcloud.DB_IMAGE);
        assertThat(load.getCommand()).contains("--execute=source /staging/all-databases.sql");
        assertThat(load.getEnv()).isEqualTo(database.dump().getEnv());
        assertThatThrownBy(() -> Restores.job(ctx, BackupSource.dump("etcd", "etcd", "kube-system", load)))
                .hasMessageContaining("etcdutl");
    }

    private static PodSpec pod(CronJob c) {
        return c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    }
}
