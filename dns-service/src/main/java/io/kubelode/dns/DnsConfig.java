package io.kubelode.dns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the dns-service: round-robin A records for the domain and every app host. */
@ConfigMapping(prefix = "kubelode.dns")
public interface DnsConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/dns")
    String source();
}
