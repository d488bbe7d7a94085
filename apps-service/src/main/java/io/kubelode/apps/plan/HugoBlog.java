package io.kubelode.apps.plan;

import static io.kubelode.apps.plan.Kube.meta;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubelode.events.spec.App;
import java.util.List;
import java.util.Map;

/**
 * A Hugo site built from a git repository by init containers (clone, then build) and served by
 * nginx. Every replica builds its own copy, so the blog is stateless and runs two replicas on
 * different nodes; a new post is published by restarting the Deployment.
 */
public final class HugoBlog implements AppManifest {
    public static final String NAMESPACE = "blog";
    public static final String GIT_IMAGE = "docker.io/alpine/git:2.45.2";
    public static final String HUGO_IMAGE = "docker.io/hugomods/hugo:exts-0.136.5";
    static final String APP = App.BLOG.id();
    static final int REPLICAS = 2;

    @Override
    public String name() {
        return APP;
    }

    @Override
    public List<HasMetadata> objects(AppContext ctx) {
        var clone = new ContainerBuilder().withName("clone").withImage(GIT_IMAGE)
                .withArgs("clone", "--depth", "1", "--recurse-submodules", "--shallow-submodules",
                        ctx.blogRepository(), "/src")
                .addNewVolumeMount().withName("src").withMountPath("/src").endVolumeMount()
                .withResources(Kube.resources("20m", "32Mi", "128Mi")).build();
        var build = new ContainerBuilder().withName("build").withImage(HUGO_IMAGE)
                .withCommand("hugo", "--source", "/src", "--destination", "/site", "--minify",
                        "--baseURL", ctx.url(App.BLOG))
                .addNewVolumeMount().withName("src").withMountPath("/src").endVolumeMount()
                .addNewVolumeMount().withName("site").withMountPath("/site").endVolumeMount()
                .withResources(Kube.resources("50m", "64Mi", "256Mi")).build();
        return List.of(Kube.namespace(ctx, NAMESPACE, APP),
                new DeploymentBuilder().withMetadata(meta(ctx, "hugo", NAMESPACE, APP, "server")).withNewSpec()
                        .withReplicas(REPLICAS)
                        .withNewSelector().withMatchLabels(Labels.selector(APP, "server")).endSelector()
                        .withNewTemplate().withNewMetadata().withLabels(Labels.of(ctx.clusterId(), APP, "server"))
                        .endMetadata().withNewSpec().withAffinity(Kube.spread(APP, "server"))
                        .withInitContainers(clone, build)
                        .withContainers(WebSite.nginx("site", "/usr/share/nginx/html"))
                        .addNewVolume().withName("src").withNewEmptyDir().withSizeLimit(
                                new io.fabric8.kubernetes.api.model.Quantity("256Mi")).endEmptyDir().endVolume()
                        .addNewVolume().withName("site").withNewEmptyDir().withSizeLimit(
                                new io.fabric8.kubernetes.api.model.Quantity("256Mi")).endEmptyDir().endVolume()
                        .endSpec().endTemplate().endSpec().build(),
                Kube.pdb(ctx, NAMESPACE, APP, "server", 1),
                Kube.service(ctx, "hugo", NAMESPACE, APP, "server", Kube.port("http", 80, "http")),
                Kube.ingress(ctx, App.BLOG, NAMESPACE, "hugo", "http", Map.of()));
    }
}
