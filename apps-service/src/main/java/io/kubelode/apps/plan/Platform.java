package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * What every app stands on: the ingress controller on every worker and node-local volumes.
 * Certificate automation (cert-manager) is deliberately left out for now: apps are served on
 * plain HTTP until it is added.
 */
public final class Platform implements AppManifest {
    public static final String NAME = "platform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(AppContext ctx) {
        List<HasMetadata> all = new ArrayList<>(LocalPathProvisioner.objects(ctx));
        all.addAll(IngressNginx.objects(ctx));
        return all;
    }
}
