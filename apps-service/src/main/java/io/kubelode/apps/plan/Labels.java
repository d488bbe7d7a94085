package io.kubelode.apps.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels that make every object kubelode creates findable, and removable, by cluster. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String KUBELODE = "kubelode";
    public static final String CLUSTER = "kubelode.io/cluster";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    /** Secrets carrying this annotation hold generated credentials: created once, never overwritten. */
    public static final String GENERATED = "kubelode.io/generated";

    private Labels() {
    }

    /** The two labels teardown selects on. */
    public static Map<String, String> owned(String clusterId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MANAGED_BY, KUBELODE);
        m.put(CLUSTER, clusterId);
        return m;
    }

    /** Ownership plus the app and component. */
    public static Map<String, String> of(String clusterId, String app, String component) {
        Map<String, String> m = owned(clusterId);
        m.put(PART_OF, app);
        m.putAll(selector(app, component));
        return m;
    }

    /** The stable subset used in selectors (selectors are immutable, so no cluster id in them). */
    public static Map<String, String> selector(String app, String component) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME, app);
        m.put(COMPONENT, component);
        return m;
    }
}
