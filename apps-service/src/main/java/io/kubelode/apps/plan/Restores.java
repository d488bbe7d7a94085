package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.Kube.meta;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * The inverse of a backup job: a one-off Job that copies a backup from the home server back into
 * the app's volume (files) or back into the database (dump). Run it with the app scaled to zero;
 * the steps are in apps-service/README.md.
 */
public final class Restores {
    static final String COMPONENT = "restore";

    private Restores() {
    }

    public static Job job(AppContext ctx, BackupSource source) {
        if (!ctx.backupsHome()) {
            throw new IllegalStateException("cluster " + ctx.clusterId() + " has no home peer to restore from");
        }
        if (Backups.ETCD_NAMESPACE.equals(source.namespace())) {
            throw new IllegalArgumentException("an etcd snapshot is restored with etcdutl on every control-plane"
                    + " node, not by a Job; see apps-service/README.md");
        }
        boolean dump = source.dump() != null;
        var fetch = new ContainerBuilder().withName("fetch").withImage(Backups.RSYNC_IMAGE)
                .withCommand("/bin/sh", "/scripts/" + Scripts.RESTORE)
                .withEnv(Kube.env("SOURCE_URL", Backups.target(ctx, source.app(), source.name())),
                        Kube.env("TARGET_DIR", dump ? "/staging" : "/data"))
                .addNewVolumeMount().withName("scripts").withMountPath("/scripts").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName(dump ? "staging" : "data").withMountPath(dump ? "/staging" : "/data")
                .endVolumeMount()
                .withResources(Kube.resources("10m", "32Mi", "128Mi")).build();
        var spec = new PodSpecBuilder().withRestartPolicy("Never")
                .addNewVolume().withName("scripts").withNewConfigMap().withName(Backups.SCRIPTS)
                .withDefaultMode(0555).endConfigMap().endVolume();
        if (dump) {
            spec.withInitContainers(fetch).withContainers(load(source.dump()))
                    .addNewVolume().withName("staging").withNewEmptyDir().endEmptyDir().endVolume();
        } else {
            spec.withContainers(fetch).addNewVolume().withName("data").withNewPersistentVolumeClaim()
                    .withClaimName(source.claim()).endPersistentVolumeClaim().endVolume();
        }
        return new JobBuilder().withMetadata(meta(ctx, "restore-" + source.name(), source.namespace(), source.app(),
                        COMPONENT))
                .withNewSpec().withBackoffLimit(0).withTtlSecondsAfterFinished(86400)
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), source.app(), COMPONENT))
                .endMetadata().withSpec(spec.build()).endTemplate().endSpec().build();
    }

    /** The dump's own image and credentials, reading the fetched dump back in. */
    private static Container load(Container dump) {
        EnvVar[] env = dump.getEnv().toArray(EnvVar[]::new);
        return new ContainerBuilder().withName("load").withImage(dump.getImage())
                .withCommand("mariadb", "--host=mariadb", "--user=root",
                        "--execute=source /staging/all-databases.sql")
                .withEnv(env).withVolumeMounts(dump.getVolumeMounts()).withResources(dump.getResources()).build();
    }
}
