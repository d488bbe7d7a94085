package io.kubelode.network;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the network-service: address plan, WireGuard mesh and routes on every node. */
@ConfigMapping(prefix = "kubelode.network")
public interface NetworkConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/network")
    String source();
}
