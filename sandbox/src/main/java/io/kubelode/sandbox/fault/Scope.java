package io.kubelode.sandbox.fault;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request, an instance or a workload belongs to, as far as the sandbox can tell: a kubelode
 * cluster (instances are labelled {@code <clusterId>-<node>} and tagged
 * {@code kl:<clusterId>}), or a DNS domain. {@link #NONE} when it cannot tell; only
 * unscoped faults hit such a thing.
 *
 * @param cluster the kubelode cluster id, or null
 * @param domain  the domain name (lower case, no trailing dot), or null
 */
public record Scope(String cluster, String domain) {
    public static final Scope NONE = new Scope(null, null);
    /**
     * The prefix of the tag kubelode puts on everything of a cluster, {@code kl:<clusterId>} (the
     * events module's {@code LinodeNames.clusterTag}; the sandbox, a stand-in for Linode, does not
     * depend on kubelode's modules).
     */
    public static final String CLUSTER_TAG_PREFIX = "kl:";
    private static final Pattern NODE_LABEL = Pattern.compile("(.+)-\\d+");

    /** The cluster of an instance labelled {@code <clusterId>-<node>}; NONE for other labels. */
    public static Scope ofLabel(String label) {
        Matcher m = label == null ? null : NODE_LABEL.matcher(label);
        return m != null && m.matches() ? new Scope(m.group(1), null) : NONE;
    }

    /** The cluster of the {@code kl:} tag, else of the label. */
    public static Scope ofInstance(String label, List<String> tags) {
        if (tags != null) {
            for (String t : tags) {
                if (t != null && t.startsWith(CLUSTER_TAG_PREFIX) && t.length() > CLUSTER_TAG_PREFIX.length()) {
                    return new Scope(t.substring(CLUSTER_TAG_PREFIX.length()), null);
                }
            }
        }
        return ofLabel(label);
    }

    /** A cluster given by id or by its tag. */
    public static Scope ofCluster(String idOrTag) {
        if (idOrTag == null || idOrTag.isBlank()) {
            return NONE;
        }
        return new Scope(idOrTag.startsWith(CLUSTER_TAG_PREFIX) ? idOrTag.substring(CLUSTER_TAG_PREFIX.length())
                : idOrTag, null);
    }

    public static Scope ofDomain(String domain) {
        return domain == null || domain.isBlank() ? NONE : new Scope(null, normalise(domain));
    }

    static String normalise(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /** Whether a fault applies here: an unscoped one everywhere, a scoped one only to its cluster or domain. */
    boolean admits(FaultSpec f) {
        if (!f.scoped()) {
            return true;
        }
        return (f.cluster() != null && f.cluster().equals(cluster))
                || (f.domain() != null && domain != null && normalise(f.domain()).equals(domain));
    }
}
