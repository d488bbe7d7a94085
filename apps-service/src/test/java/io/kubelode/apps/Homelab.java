package io.kubelode.apps;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.apps.plan.AppContext;
import io.kubelode.apps.plan.Credentials;
import io.kubelode.apps.plan.SecureCredentials;
import io.kubelode.events.spec.ClusterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The example spec of the repository, read as the gateway reads it. */
public final class Homelab {
    public static final String CLUSTER = "homelab-a1b2c";
    public static final String BLOG_REPO = "https://github.com/gohugoio/hugoBasicExample.git";

    private Homelab() {
    }

    public static ClusterSpec spec() {
        try {
            return new ObjectMapper(new YAMLFactory()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(Path.of("../examples/homelab.yaml").toFile(), ClusterSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AppContext context() {
        return context(CLUSTER, new SecureCredentials());
    }

    public static AppContext context(String clusterId, Credentials credentials) {
        return AppContext.of(clusterId, spec(), credentials, BLOG_REPO);
    }
}
