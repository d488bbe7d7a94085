package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.Kube.meta;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.kubelode.events.spec.App;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nightly jobs that ship each stateful app's data, and an etcd snapshot, to the home server's
 * rsync daemon through the WireGuard tunnel (target: the home peer's mesh address from the
 * address plan, port {@code homePeer.backupPort}). Nothing is scheduled without a home peer.
 */
public final class Backups {
    public static final String RSYNC_IMAGE = "docker.io/instrumentisto/rsync-ssh:alpine3.20";
    public static final String ETCD_IMAGE = "registry.k8s.io/etcd:3.5.15-0";
    /** The rsync daemon module on the home server (see apps-service/README.md). */
    public static final String MODULE = "kubelode";
    public static final String SCRIPTS = "kubelode-backup";
    public static final String ETCD_NAMESPACE = "kube-system";
    static final String COMPONENT = "backup";

    private Backups() {
    }

    /** {@code rsync://<home mesh address>:<port>/kubelode/<cluster>/<app>/<name>} */
    public static String target(AppContext ctx, String app, String name) {
        return "rsync://" + ctx.addresses().homeMeshAddress() + ":" + ctx.spec().homePeer().backupPort() + "/"
                + MODULE + "/" + ctx.clusterId() + "/" + app + "/" + name;
    }

    /** The scripts ConfigMap and one CronJob per source of the app; empty without a home peer. */
    public static List<HasMetadata> forApp(AppContext ctx, AppManifest app) {
        List<BackupSource> sources = app.backupSources(ctx);
        if (!ctx.backupsHome() || sources.isEmpty()) {
            return List.of();
        }
        List<HasMetadata> all = new ArrayList<>();
        all.add(scripts(ctx, sources.get(0).namespace(), app.name()));
        for (int i = 0; i < sources.size(); i++) {
            all.add(cronJob(ctx, sources.get(i), schedule(app.name(), i)));
        }
        return all;
    }

    /** An etcd snapshot from a control-plane node, shipped home like the apps' data. */
    public static List<HasMetadata> etcd(AppContext ctx) {
        if (!ctx.backupsHome()) {
            return List.of();
        }
        Container snapshot = new ContainerBuilder().withName("snapshot").withImage(ETCD_IMAGE)
                .withCommand("etcdctl", "--endpoints=https://127.0.0.1:2379",
                        "--cacert=/etc/kubernetes/pki/etcd/ca.crt",
                        "--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt",
                        "--key=/etc/kubernetes/pki/etcd/healthcheck-client.key",
                        "snapshot", "save", "/staging/etcd-snapshot.db")
                .withEnv(Kube.env("ETCDCTL_API", "3"))
                .addNewVolumeMount().withName("etcd-pki").withMountPath("/etc/kubernetes/pki/etcd")
                .withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("staging").withMountPath("/staging").endVolumeMount()
                .withResources(Kube.resources("20m", "32Mi", "128Mi")).build();
        BackupSource source = BackupSource.dump("etcd", "etcd", ETCD_NAMESPACE, snapshot);
        PodSpec pod = new PodSpecBuilder(podSpec(ctx, source))
                .withHostNetwork(true).withDnsPolicy("ClusterFirstWithHostNet")
                .withNodeSelector(Map.of("node-role.kubernetes.io/control-plane", ""))
                .withTolerations(controlPlaneToleration())
                .addNewVolume().withName("etcd-pki").withNewHostPath().withPath("/etc/kubernetes/pki/etcd")
                .withType("Directory").endHostPath().endVolume()
                .build();
        return List.of(scripts(ctx, ETCD_NAMESPACE, "etcd"), cronJob(ctx, source, "41 2 * * *", pod));
    }

    private static Toleration controlPlaneToleration() {
        return new TolerationBuilder().withKey("node-role.kubernetes.io/control-plane").withOperator("Exists")
                .withEffect("NoSchedule").build();
    }

    static HasMetadata scripts(AppContext ctx, String namespace, String app) {
        return new ConfigMapBuilder().withMetadata(meta(ctx, SCRIPTS, namespace, app, COMPONENT))
                .withData(Map.of(Scripts.BACKUP, Scripts.load(Scripts.BACKUP),
                        Scripts.RESTORE, Scripts.load(Scripts.RESTORE)))
                .build();
    }

    /** Staggered nightly times (ten minutes per catalog app, five per source), so two jobs never share the tunnel. */
    static String schedule(String app, int index) {
        return (App.of(app).ordinal() * 10 + index * 5) + " 3 * * *";
    }

    private static HasMetadata cronJob(AppContext ctx, BackupSource source, String schedule) {
        return cronJob(ctx, source, schedule, podSpec(ctx, source));
    }

    private static HasMetadata cronJob(AppContext ctx, BackupSource source, String schedule, PodSpec pod) {
        String name = "backup-" + source.name();
        return new CronJobBuilder().withMetadata(meta(ctx, name, source.namespace(), source.app(), COMPONENT))
                .withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Forbid")
                .withSuccessfulJobsHistoryLimit(1).withFailedJobsHistoryLimit(3)
                .withNewJobTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), source.app(), COMPONENT))
                .endMetadata().withNewSpec().withBackoffLimit(2).withActiveDeadlineSeconds(3600L)
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), source.app(), COMPONENT))
                .endMetadata().withSpec(pod).endTemplate().endSpec().endJobTemplate().endSpec().build();
    }

    /** rsync of the claim (read-only) or of the dump's staging directory. */
    private static PodSpec podSpec(AppContext ctx, BackupSource source) {
        boolean dump = source.dump() != null;
        var ship = new ContainerBuilder().withName("ship").withImage(RSYNC_IMAGE)
                .withCommand("/bin/sh", "/scripts/" + Scripts.BACKUP)
                .withEnv(Kube.env("SOURCE_DIR", dump ? "/staging" : "/data"),
                        Kube.env("TARGET_URL", target(ctx, source.app(), source.name())))
                .addNewVolumeMount().withName("scripts").withMountPath("/scripts").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName(dump ? "staging" : "data").withMountPath(dump ? "/staging" : "/data")
                .withReadOnly(true).endVolumeMount()
                .withResources(Kube.resources("10m", "32Mi", "128Mi")).build();
        var spec = new PodSpecBuilder().withRestartPolicy("Never").withContainers(ship)
                .addNewVolume().withName("scripts").withNewConfigMap().withName(SCRIPTS).withDefaultMode(0555)
                .endConfigMap().endVolume();
        if (dump) {
            spec.withInitContainers(source.dump())
                    .addNewVolume().withName("staging").withNewEmptyDir().endEmptyDir().endVolume();
        } else {
            spec.addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(source.claim())
                    .withReadOnly(true).endPersistentVolumeClaim().endVolume();
        }
        return spec.build();
    }
}
