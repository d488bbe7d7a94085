package io.kubelode.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the gateway: the cluster API: accepts cluster specs, publishes requests, streams progress. */
@ConfigMapping(prefix = "kubelode.gateway")
public interface GatewayConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/gateway")
    String source();
}
