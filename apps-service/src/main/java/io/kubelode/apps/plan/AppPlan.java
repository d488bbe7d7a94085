package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelode.events.spec.App;
import java.util.List;

/**
 * What should exist for one deployable unit.
 *
 * @param name    {@code platform} or the app's catalog id
 * @param app     the catalog app, or {@code null} for the platform
 * @param objects every object in apply order, backups included
 */
public record AppPlan(String name, App app, List<HasMetadata> objects) {

    public AppPlan {
        objects = List.copyOf(objects);
    }

    /** The objects of one kind, e.g. {@code StatefulSet}. */
    public <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
