package io.kubelode.provisioner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the provisioner-service: creates Linode instances in parallel and applies the base role over SSH. */
@ConfigMapping(prefix = "kubelode.provisioner")
public interface ProvisionerConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/provisioner")
    String source();
}
