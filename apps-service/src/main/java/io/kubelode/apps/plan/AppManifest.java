package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** One deployable unit: the platform or one catalog app, as typed Kubernetes objects in apply order. */
public interface AppManifest {

    /** {@code platform} or the app's catalog id. */
    String name();

    /** Every object, in apply order (namespaces and definitions first). */
    List<HasMetadata> objects(AppContext ctx);

    /** The volumes (or dumps) of this app that must also live on the home server. */
    default List<BackupSource> backupSources(AppContext ctx) {
        return List.of();
    }
}
