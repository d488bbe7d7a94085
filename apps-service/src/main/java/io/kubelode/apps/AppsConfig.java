package io.kubelode.apps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the apps-service: the person's applications with clean URLs. */
@ConfigMapping(prefix = "kubelode.apps")
public interface AppsConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/apps")
    String source();
}
