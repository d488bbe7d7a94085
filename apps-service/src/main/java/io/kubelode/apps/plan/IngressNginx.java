package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.Kube.meta;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * The ingress-nginx controller as a DaemonSet with host ports 80 and 443, so whichever node's
 * public address DNS hands out serves every app. It runs on the worker nodes (one per instance);
 * the control-plane containers stay free of app traffic.
 */
public final class IngressNginx {
    public static final String NAMESPACE = "ingress-nginx";
    public static final String NAME = "ingress-nginx-controller";
    public static final String IMAGE = "registry.k8s.io/ingress-nginx/controller:v1.11.3";
    private static final String APP = "ingress-nginx";
    private static final String SA = "ingress-nginx";

    private IngressNginx() {
    }

    public static List<HasMetadata> objects(AppContext ctx) {
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                new ServiceAccountBuilder().withMetadata(meta(ctx, SA, NAMESPACE, APP, "controller"))
                        .withAutomountServiceAccountToken(true).build(),
                new ClusterRoleBuilder().withMetadata(meta(ctx, "kubelode-ingress-nginx", null, APP, "controller"))
                        .withRules(clusterRules()).build(),
                new ClusterRoleBindingBuilder()
                        .withMetadata(meta(ctx, "kubelode-ingress-nginx", null, APP, "controller"))
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "kubelode-ingress-nginx")
                        .addNewSubject().withKind("ServiceAccount").withName(SA).withNamespace(NAMESPACE).endSubject()
                        .build(),
                new RoleBuilder().withMetadata(meta(ctx, SA, NAMESPACE, APP, "controller")).withRules(namespaceRules())
                        .build(),
                new RoleBindingBuilder().withMetadata(meta(ctx, SA, NAMESPACE, APP, "controller"))
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", SA)
                        .addNewSubject().withKind("ServiceAccount").withName(SA).withNamespace(NAMESPACE).endSubject()
                        .build(),
                new ConfigMapBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "controller"))
                        // Nextcloud uploads and Gitea pushes are larger than nginx's 1m default
                        .withData(Map.of("allow-snippet-annotations", "false", "proxy-body-size", "512m",
                                "use-forwarded-headers", "false"))
                        .build(),
                new IngressClassBuilder().withMetadata(ingressClassMeta(ctx)).withNewSpec()
                        .withController("k8s.io/ingress-nginx").endSpec().build(),
                daemonSet(ctx));
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta ingressClassMeta(AppContext ctx) {
        var m = meta(ctx, Kube.INGRESS_CLASS, null, APP, "controller");
        m.setAnnotations(Map.of("ingressclass.kubernetes.io/is-default-class", "true"));
        return m;
    }

    private static HasMetadata daemonSet(AppContext ctx) {
        var container = new ContainerBuilder().withName("controller").withImage(IMAGE)
                .withArgs("/nginx-ingress-controller", "--election-id=ingress-nginx-leader",
                        "--controller-class=k8s.io/ingress-nginx", "--ingress-class=" + Kube.INGRESS_CLASS,
                        "--configmap=$(POD_NAMESPACE)/" + NAME, "--watch-ingress-without-class=true",
                        "--report-node-internal-ip-address=true")
                .withEnv(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build(),
                        Kube.env("LD_PRELOAD", "/usr/local/lib/libmimalloc.so"))
                .addNewPort().withName("http").withContainerPort(80).withHostPort(80).withProtocol("TCP").endPort()
                .addNewPort().withName("https").withContainerPort(443).withHostPort(443).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withContainerPort(10254).withProtocol("TCP").endPort()
                .withReadinessProbe(Kube.http("/healthz", "metrics", 10, 10, 3))
                .withLivenessProbe(Kube.http("/healthz", "metrics", 10, 10, 5))
                .withResources(Kube.resources("50m", "90Mi", "256Mi"))
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(101L)
                .withAllowPrivilegeEscalation(true).withNewCapabilities().withDrop("ALL").withAdd("NET_BIND_SERVICE")
                .endCapabilities().endSecurityContext()
                .build();
        return new DaemonSetBuilder().withMetadata(meta(ctx, NAME, NAMESPACE, APP, "controller")).withNewSpec()
                .withNewSelector().withMatchLabels(Labels.selector(APP, "controller")).endSelector()
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withNewMaxUnavailable(1).endRollingUpdate().endUpdateStrategy()
                .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "controller"))
                .endMetadata().withNewSpec().withServiceAccountName(SA).withTerminationGracePeriodSeconds(300L)
                .withNodeSelector(Map.of("kubernetes.io/os", "linux")).withContainers(container).endSpec()
                .endTemplate().endSpec().build();
    }

    private static List<PolicyRule> clusterRules() {
        return List.of(rule("", List.of("configmaps", "endpoints", "nodes", "pods", "secrets", "namespaces"),
                        "list", "watch"),
                rule("coordination.k8s.io", List.of("leases"), "list", "watch"),
                rule("", List.of("nodes"), "get"),
                rule("", List.of("services"), "get", "list", "watch"),
                rule("networking.k8s.io", List.of("ingresses", "ingressclasses"), "get", "list", "watch"),
                rule("networking.k8s.io", List.of("ingresses/status"), "update"),
                rule("", List.of("events"), "create", "patch"),
                rule("discovery.k8s.io", List.of("endpointslices"), "list", "watch", "get"));
    }

    private static List<PolicyRule> namespaceRules() {
        return List.of(rule("", List.of("namespaces"), "get"),
                rule("", List.of("configmaps", "pods", "secrets", "endpoints", "services"), "get", "list", "watch"),
                rule("coordination.k8s.io", List.of("leases"), "get", "update", "create"),
                rule("", List.of("events"), "create", "patch"),
                rule("discovery.k8s.io", List.of("endpointslices"), "list", "watch", "get"));
    }

    static PolicyRule rule(String group, List<String> resources, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }
}
