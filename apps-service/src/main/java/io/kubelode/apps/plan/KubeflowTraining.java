package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.IngressNginx.rule;
import static io.kubelode.apps.plan.Kube.meta;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.kubelode.events.spec.App;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Kubeflow's training operator limited to TensorFlow: the TFJob CRD and the operator. Its host
 * serves the operator's Prometheus metrics (jobs created, running, failed) behind basic auth with
 * the generated admin password. The CRD's schema is structural but keeps the TFJob spec open
 * (x-kubernetes-preserve-unknown-fields): upstream's full generated schema is 10k lines, and the
 * operator validates TFJobs itself.
 */
public final class KubeflowTraining implements AppManifest {
    public static final String NAMESPACE = "kubeflow";
    public static final String IMAGE = "docker.io/kubeflow/training-operator:v1-855e096";
    public static final String CRD = "tfjobs.kubeflow.org";
    static final String APP = App.KUBEFLOW.id();
    static final String NAME = "training-operator";

    @Override
    public String name() {
        return APP;
    }

    @Override
    public List<HasMetadata> objects(AppContext ctx) {
        String password = ctx.credentials().password(24);
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                tfJobDefinition(ctx),
                new ServiceAccountBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "operator")).build(),
                new ClusterRoleBuilder().withMetadata(meta(ctx, "kubelode-training-operator", null, APP, "operator"))
                        .withRules(rule("", List.of("pods", "services", "endpoints", "events", "configmaps",
                                        "serviceaccounts"), "get", "list", "watch", "create", "update", "patch",
                                        "delete"),
                                rule("", List.of("pods/exec"), "create"),
                                rule("kubeflow.org", List.of("tfjobs", "tfjobs/status", "tfjobs/finalizers"),
                                        "get", "list", "watch", "create", "update", "patch", "delete"),
                                rule("rbac.authorization.k8s.io", List.of("roles", "rolebindings"), "get", "list",
                                        "watch", "create", "update", "patch", "delete"),
                                rule("coordination.k8s.io", List.of("leases"), "get", "list", "watch", "create",
                                        "update", "patch"),
                                rule("policy", List.of("poddisruptionbudgets"), "get", "list", "watch"))
                        .build(),
                new ClusterRoleBindingBuilder()
                        .withMetadata(meta(ctx, "kubelode-training-operator", null, APP, "operator"))
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "kubelode-training-operator")
                        .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE)
                        .endSubject().build(),
                Kube.generatedSecret(ctx, "admin", NAMESPACE, APP,
                        Map.of("username", "admin", "password", password, "auth", htpasswd("admin", password, ctx.credentials().password(8)))),
                operator(ctx),
                Kube.service(ctx, NAME, NAMESPACE, APP, "operator", Kube.port("metrics", 8080, "metrics")),
                Kube.ingress(ctx, App.KUBEFLOW, NAMESPACE, NAME, "metrics", Map.of(
                        "nginx.ingress.kubernetes.io/auth-type", "basic",
                        "nginx.ingress.kubernetes.io/auth-secret", "admin",
                        "nginx.ingress.kubernetes.io/auth-realm", "kubeflow")));
    }

    private static HasMetadata operator(AppContext ctx) {
        var c = new ContainerBuilder().withName("operator").withImage(IMAGE)
                .withCommand("/manager").withArgs("--enable-scheme=tfjob", "--leader-elect=false")
                .withEnv(Kube.env("MY_POD_NAMESPACE", NAMESPACE))
                .addNewPort().withName("metrics").withContainerPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withName("health").withContainerPort(8081).withProtocol("TCP").endPort()
                .withReadinessProbe(Kube.http("/readyz", "health", 10, 15, 3))
                .withLivenessProbe(Kube.http("/healthz", "health", 15, 20, 3))
                .withResources(Kube.resources("20m", "48Mi", "192Mi"))
                .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                .endSecurityContext()
                .build();
        return new DeploymentBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "operator")).withNewSpec()
                .withReplicas(1).withNewSelector().withMatchLabels(Labels.selector(APP, "operator")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "operator"))
                .endMetadata().withNewSpec().withServiceAccountName(NAME).withContainers(c).endSpec().endTemplate()
                .endSpec().build();
    }

    static HasMetadata tfJobDefinition(AppContext ctx) {
        JSONSchemaProps open = new JSONSchemaPropsBuilder().withType("object")
                .withXKubernetesPreserveUnknownFields(true).build();
        return new CustomResourceDefinitionBuilder().withMetadata(meta(ctx, CRD, null, APP, "crd"))
                .withNewSpec().withGroup("kubeflow.org").withScope("Namespaced")
                .withNewNames().withKind("TFJob").withListKind("TFJobList").withPlural("tfjobs")
                .withSingular("tfjob").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .addToProperties("spec", open).addToProperties("status", open).endOpenAPIV3Schema().endSchema()
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .addNewAdditionalPrinterColumn().withName("State").withType("string")
                .withJsonPath(".status.conditions[-1:].type").endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Age").withType("date")
                .withJsonPath(".metadata.creationTimestamp").endAdditionalPrinterColumn()
                .endVersion().endSpec().build();
    }

    /** One htpasswd line in nginx's salted SHA-1 scheme, which needs no native crypt. */
    static String htpasswd(String user, String password, String saltText) {
        try {
            byte[] salt = saltText.getBytes(StandardCharsets.UTF_8);
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            sha.update(salt);
            byte[] digest = sha.digest();
            byte[] both = new byte[digest.length + salt.length];
            System.arraycopy(digest, 0, both, 0, digest.length);
            System.arraycopy(salt, 0, both, digest.length, salt.length);
            return user + ":{SSHA}" + Base64.getEncoder().encodeToString(both) + "\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
