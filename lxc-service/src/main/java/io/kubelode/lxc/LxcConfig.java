package io.kubelode.lxc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the lxc-service: two unprivileged LXC system containers per node, one per user. */
@ConfigMapping(prefix = "kubelode.lxc")
public interface LxcConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/lxc")
    String source();
}
