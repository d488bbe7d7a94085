package io.kubelode.k8s;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the k8s-service: HA control plane with stacked etcd, workers joined. */
@ConfigMapping(prefix = "kubelode.k8s")
public interface K8sConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/k8s")
    String source();
}
