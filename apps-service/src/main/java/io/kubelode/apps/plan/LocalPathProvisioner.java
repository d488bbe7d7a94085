package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.IngressNginx.rule;
import static io.kubelode.apps.plan.Kube.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;

/**
 * Rancher's local-path-provisioner: a PersistentVolume is a directory on the node that first runs
 * the pod (WaitForFirstConsumer), which is why every stateful app here is pinned to its node by
 * its volume and gets its redundancy from backups rather than from replicated storage.
 */
public final class LocalPathProvisioner {
    public static final String NAMESPACE = "local-path-storage";
    public static final String NAME = "local-path-provisioner";
    public static final String IMAGE = "docker.io/rancher/local-path-provisioner:v0.0.30";
    public static final String HELPER_IMAGE = "docker.io/library/busybox:1.36.1";
    public static final String NODE_PATH = "/opt/local-path-provisioner";
    private static final String APP = "local-path-provisioner";
    // sorted keys: the text must be identical on every run, or a rerun would patch the ConfigMap
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private LocalPathProvisioner() {
    }

    public static List<HasMetadata> objects(AppContext ctx) {
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                new ServiceAccountBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "provisioner")).build(),
                new ClusterRoleBuilder().withMetadata(meta(ctx, "kubelode-local-path", null, APP, "provisioner"))
                        .withRules(rule("", List.of("nodes", "persistentvolumeclaims", "configmaps", "pods",
                                        "pods/log"), "get", "list", "watch"),
                                rule("", List.of("persistentvolumes"), "get", "list", "watch", "create", "patch",
                                        "update", "delete"),
                                rule("", List.of("events"), "create", "patch"),
                                rule("storage.k8s.io", List.of("storageclasses"), "get", "list", "watch"))
                        .build(),
                new ClusterRoleBindingBuilder()
                        .withMetadata(meta(ctx, "kubelode-local-path", null, APP, "provisioner"))
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "kubelode-local-path")
                        .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE)
                        .endSubject().build(),
                new RoleBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "provisioner"))
                        .withRules(rule("", List.of("pods"), "get", "list", "watch", "create", "patch", "update",
                                "delete")).build(),
                new RoleBindingBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "provisioner"))
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", NAME)
                        .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE)
                        .endSubject().build(),
                new ConfigMapBuilder().withMetadata(meta(ctx, "local-path-config", NAMESPACE, APP, "provisioner"))
                        .withData(Map.of("config.json", config(), "setup", Scripts.load(Scripts.LOCAL_PATH_SETUP),
                                "teardown", Scripts.load(Scripts.LOCAL_PATH_TEARDOWN), "helperPod.yaml",
                                helperPod()))
                        .build(),
                deployment(ctx),
                storageClass(ctx));
    }

    private static HasMetadata storageClass(AppContext ctx) {
        var m = meta(ctx, Kube.STORAGE_CLASS, null, APP, "provisioner");
        m.setAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true"));
        return new StorageClassBuilder().withMetadata(m).withProvisioner("rancher.io/local-path")
                .withVolumeBindingMode("WaitForFirstConsumer").withReclaimPolicy("Delete").build();
    }

    private static HasMetadata deployment(AppContext ctx) {
        var container = new ContainerBuilder().withName("provisioner").withImage(IMAGE)
                .withCommand("local-path-provisioner", "--debug", "start", "--config", "/etc/config/config.json")
                .withEnv(new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build(),
                        Kube.env("CONFIG_MOUNT_PATH", "/etc/config/"))
                .addNewVolumeMount().withName("config").withMountPath("/etc/config/").endVolumeMount()
                // it serves no health endpoint (upstream ships no probes): ready once its config is mounted;
                // no liveness probe, since a hung provisioner cannot be told from an idle one
                .withReadinessProbe(Kube.exec(2, 10, 3, "test", "-s", "/etc/config/config.json"))
                .withResources(Kube.resources("10m", "32Mi", "96Mi"))
                .build();
        return new DeploymentBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "provisioner")).withNewSpec()
                .withReplicas(1).withNewSelector().withMatchLabels(Labels.selector(APP, "provisioner")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "provisioner"))
                .endMetadata().withNewSpec().withServiceAccountName(NAME).withContainers(container)
                .addNewVolume().withName("config").withNewConfigMap().withName("local-path-config").endConfigMap()
                .endVolume().endSpec().endTemplate().endSpec().build();
    }

    private static String config() {
        return json(Map.of("nodePathMap", List.of(Map.of("node", "DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths", List.of(NODE_PATH)))));
    }

    /** The helper pod template, written as JSON (which is YAML) from the typed builder. */
    private static String helperPod() {
        return json(new PodBuilder().withNewMetadata().withName("helper-pod").endMetadata().withNewSpec()
                .addNewContainer().withName("helper-pod").withImage(HELPER_IMAGE).withImagePullPolicy("IfNotPresent")
                .withResources(Kube.resources("10m", "8Mi", "32Mi")).endContainer().endSpec().build());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
