package io.kubelode.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the sandbox: a local stand-in for Linode (API v4 subset, SSH endpoints). */
@ConfigMapping(prefix = "kubelode.sandbox")
public interface SandboxConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/sandbox")
    String source();
}
