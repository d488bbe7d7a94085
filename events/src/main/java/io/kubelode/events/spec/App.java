package io.kubelode.events.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The catalog of applications kubelode deploys, each on its own host under the cluster's domain. */
public enum App {
    /** nginx serving a static site. */
    WEB("web", "www"),
    /** A Hugo site built from a git repository, served by nginx. */
    BLOG("blog", "blog"),
    /** JupyterHub with a spawner that starts notebooks as pods. */
    JUPYTERHUB("jupyterhub", "jupyter"),
    /** Kubeflow's TensorFlow training operator (TFJob). */
    KUBEFLOW("kubeflow", "kubeflow"),
    /** Nextcloud with its database. */
    NEXTCLOUD("nextcloud", "cloud"),
    /** Gitea. */
    GITEA("gitea", "git");

    private final String id;
    private final String host;

    App(String id, String host) {
        this.id = id;
        this.host = host;
    }

    /** The name used in specs and events. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The first DNS label of the app's clean-URL host, e.g. {@code blog} for {@code blog.example.org}. */
    public String hostLabel() {
        return host;
    }

    /** Parses a catalog name; the exception lists what is accepted. */
    @JsonCreator
    public static App of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown app '" + id + "'; the catalog has " + catalog()));
    }

    /** The accepted names, comma separated. */
    public static String catalog() {
        return Arrays.stream(values()).map(App::id).collect(Collectors.joining(", "));
    }
}
