package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelode.events.spec.App;
import java.util.ArrayList;
import java.util.List;

/** The plan of a cluster: the platform first, then each app the spec selects, each with its backups. */
public final class Catalog {

    private Catalog() {
    }

    public static AppManifest manifest(App app) {
        return switch (app) {
            case WEB -> new WebSite();
            case BLOG -> new HugoBlog();
            case JUPYTERHUB -> new JupyterHub();
            case KUBEFLOW -> new KubeflowTraining();
            case NEXTCLOUD -> new Nextcloud();
            case GITEA -> new Gitea();
        };
    }

    /** The platform (with the etcd snapshot job), then the spec's apps in catalog order. */
    public static List<AppPlan> plan(AppContext ctx) {
        List<AppPlan> plans = new ArrayList<>();
        List<HasMetadata> platform = new ArrayList<>(new Platform().objects(ctx));
        platform.addAll(Backups.etcd(ctx));
        plans.add(new AppPlan(Platform.NAME, null, platform));
        for (App app : App.values()) {
            if (ctx.spec().apps().contains(app)) {
                AppManifest m = manifest(app);
                List<HasMetadata> objects = new ArrayList<>(m.objects(ctx));
                objects.addAll(Backups.forApp(ctx, m));
                plans.add(new AppPlan(m.name(), app, objects));
            }
        }
        return plans;
    }
}
