package io.kubelode.apps.plan;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import java.util.Map;

/**
 * Everything a manifest needs to know about one cluster: a pure value, so building manifests is a
 * function of it.
 *
 * @param clusterId      the cluster id (label value, backup path)
 * @param spec           the person's spec
 * @param addresses      the address plan (pod CIDR for trusted proxies, home mesh address for backups)
 * @param credentials    where generated passwords come from
 * @param blogRepository the git repository the Hugo blog is built from
 */
public record AppContext(String clusterId, ClusterSpec spec, AddressPlan addresses, Credentials credentials,
                         String blogRepository) {

    /** The context for a spec with its own address plan. */
    public static AppContext of(String clusterId, ClusterSpec spec, Credentials credentials, String blogRepository) {
        return new AppContext(clusterId, spec, AddressPlan.of(spec), credentials, blogRepository);
    }

    /** The clean-URL host of the app. */
    public String host(App app) {
        return spec.hostOf(app);
    }

    /** The URL the person reaches the app at (no TLS: certificate automation is not part of this layer yet). */
    public String url(App app) {
        return "http://" + host(app) + "/";
    }

    /** Ownership labels of this cluster. */
    public Map<String, String> owned() {
        return Labels.owned(clusterId);
    }

    /** Whether backups go home: the spec has a home peer, so the plan has its mesh address. */
    public boolean backupsHome() {
        return spec.homePeer() != null && addresses.homeMeshAddress() != null;
    }
}
