package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.Kube.meta;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubelode.events.spec.App;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** nginx serving a static site, two replicas on different nodes; the site is a ConfigMap. */
public final class WebSite implements AppManifest {
    public static final String NAMESPACE = "web";
    public static final String IMAGE = "docker.io/nginxinc/nginx-unprivileged:1.27-alpine";
    static final String APP = App.WEB.id();
    static final int REPLICAS = 2;

    @Override
    public String name() {
        return APP;
    }

    @Override
    public List<HasMetadata> objects(AppContext ctx) {
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                new ConfigMapBuilder().withMetadata(meta(ctx, "site", NAMESPACE, APP, "content"))
                        .withData(Map.of("index.html", indexPage(ctx))).build(),
                new DeploymentBuilder().withMetadata(meta(ctx, "nginx", NAMESPACE, APP, "server")).withNewSpec()
                        .withReplicas(REPLICAS)
                        .withNewSelector().withMatchLabels(Labels.selector(APP, "server")).endSelector()
                        .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "server"))
                        .endMetadata().withNewSpec().withAffinity(Kube.spread(APP, "server"))
                        .withContainers(nginx("site", "/usr/share/nginx/html"))
                        .addNewVolume().withName("site").withNewConfigMap().withName("site").endConfigMap()
                        .endVolume().endSpec().endTemplate().endSpec().build(),
                Kube.pdb(ctx, NAMESPACE, APP, "server", 1),
                Kube.service(ctx, "nginx", NAMESPACE, APP, "server", Kube.port("http", 80, "http")),
                Kube.ingress(ctx, App.WEB, NAMESPACE, "nginx", "http", Map.of()));
    }

    /** The unprivileged nginx serving {@code volume} read-only on port 8080. */
    static io.fabric8.kubernetes.api.model.Container nginx(String volume, String mountPath) {
        return new ContainerBuilder().withName("nginx").withImage(IMAGE)
                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName(volume).withMountPath(mountPath).withReadOnly(true).endVolumeMount()
                .withReadinessProbe(Kube.http("/", "http", 2, 10, 3))
                .withLivenessProbe(Kube.http("/", "http", 10, 20, 3))
                .withResources(Kube.resources("10m", "16Mi", "64Mi"))
                .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(false).endSecurityContext()
                .build();
    }

    private static String indexPage(AppContext ctx) {
        String links = ctx.spec().apps().stream().filter(a -> a != App.WEB)
                .map(a -> "<li><a href=\"" + ctx.url(a) + "\">" + a.id() + "</a></li>")
                .collect(Collectors.joining("\n      "));
        return """
                <!doctype html>
                <html lang="en">
                  <head><meta charset="utf-8"><title>%s</title></head>
                  <body>
                    <h1>%s</h1>
                    <ul>
                      %s
                    </ul>
                  </body>
                </html>
                """.formatted(ctx.spec().domain(), ctx.spec().domain(), links);
    }
}
