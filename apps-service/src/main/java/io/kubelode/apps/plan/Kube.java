package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.kubelode.events.spec.App;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed-builder shorthands shared by the app classes. Memory gets a request and a limit (these
 * run on 1-4 GB nodes, an unbounded pod takes the node down); CPU gets a request only, because a
 * CPU limit throttles a bursty web app long before the node is busy.
 */
public final class Kube {
    /** The ingress class every app's Ingress names. */
    public static final String INGRESS_CLASS = "nginx";
    /** The node-local storage class every volume uses. */
    public static final String STORAGE_CLASS = "local-path";

    private Kube() {
    }

    public static ObjectMeta meta(AppContext ctx, String name, String namespace, String app, String component) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(Labels.of(ctx.clusterId(), app, component)).build();
    }

    public static Namespace namespace(AppContext ctx, String name, String app) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(Labels.of(ctx.clusterId(), app, "namespace")).endMetadata().build();
    }

    public static ResourceRequirements resources(String cpuRequest, String memoryRequest, String memoryLimit) {
        return new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(cpuRequest), "memory", new Quantity(memoryRequest)))
                .withLimits(Map.of("memory", new Quantity(memoryLimit))).build();
    }

    public static Probe http(String path, String port, int initialDelay, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(5)
                .withFailureThreshold(failures).build();
    }

    public static Probe tcp(String port, int initialDelay, int period, int failures) {
        return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(5)
                .withFailureThreshold(failures).build();
    }

    public static Probe exec(int initialDelay, int period, int failures, String... command) {
        return new ProbeBuilder().withNewExec().withCommand(command).endExec()
                .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(5)
                .withFailureThreshold(failures).build();
    }

    /** Prefer spreading the pods of one component over nodes (preferred: three nodes must still fit all). */
    public static Affinity spread(String app, String component) {
        return new AffinityBuilder().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100).withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().withMatchLabels(Labels.selector(app, component)).endLabelSelector()
                .endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build();
    }

    public static PodDisruptionBudget pdb(AppContext ctx, String namespace, String app, String component,
                                          int minAvailable) {
        return new PodDisruptionBudgetBuilder().withMetadata(meta(ctx, component, namespace, app, component))
                .withNewSpec().withMinAvailable(new IntOrString(minAvailable))
                .withNewSelector().withMatchLabels(Labels.selector(app, component)).endSelector().endSpec().build();
    }

    public static ServicePort port(String name, int port, String targetPort) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP")
                .withTargetPort(new IntOrString(targetPort)).build();
    }

    public static Service service(AppContext ctx, String name, String namespace, String app, String component,
                                  ServicePort... ports) {
        return new ServiceBuilder().withMetadata(meta(ctx, name, namespace, app, component)).withNewSpec()
                .withType("ClusterIP").withSelector(Labels.selector(app, component)).withPorts(Arrays.asList(ports))
                .endSpec().build();
    }

    /** The app's clean-URL host, routed by the ingress controller on every node. */
    public static Ingress ingress(AppContext ctx, App app, String namespace, String service, String port,
                                  Map<String, String> annotations) {
        ObjectMeta meta = meta(ctx, app.id(), namespace, app.id(), "ingress");
        meta.setAnnotations(annotations.isEmpty() ? null : annotations);
        return new IngressBuilder().withMetadata(meta).withNewSpec().withIngressClassName(INGRESS_CLASS)
                .addNewRule().withHost(ctx.host(app)).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(service).withNewPort().withName(port).endPort()
                .endService().endBackend().endPath().endHttp().endRule().endSpec().build();
    }

    /** Generated credentials: created once and never overwritten, so a rerun keeps the passwords. */
    public static Secret generatedSecret(AppContext ctx, String name, String namespace, String app,
                                         Map<String, String> values) {
        ObjectMeta meta = meta(ctx, name, namespace, app, "credentials");
        meta.setAnnotations(Map.of(Labels.GENERATED, "true"));
        return new SecretBuilder().withMetadata(meta).withType("Opaque").withStringData(values).build();
    }

    /** A StatefulSet volume claim template; its labels reach the PVCs, so teardown finds them. */
    public static PersistentVolumeClaim claimTemplate(AppContext ctx, String name, String app, String size) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
                .withLabels(Labels.of(ctx.clusterId(), app, "data")).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(STORAGE_CLASS)
                .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources().endSpec()
                .build();
    }

    public static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    public static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret)
                .withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    public static List<EnvVar> envs(EnvVar... vars) {
        return List.of(vars);
    }
}
