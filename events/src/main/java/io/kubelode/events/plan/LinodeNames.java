package io.kubelode.events.plan;

import io.kubelode.events.spec.SpecValidator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names and tags kubelode gives its things at Linode, and Linode's limits on them, as the
 * official API document (v4.189.0) states them: an instance label has 3 to 64 characters of
 * {@code [a-zA-Z0-9-_.]}, starts with a letter (its pattern) and ends with a letter or digit (its
 * description), with no {@code --}, {@code __} or {@code ..}; a tag has 3 to 50 characters
 * ({@code POST /tags}). A cluster id is its name (at most {@value SpecValidator#MAX_NAME}
 * characters) and {@code -} and 5 characters, so the longest label here has 50 characters and the
 * longest tag 49.
 */
public final class LinodeNames {
    /** Every instance and domain kubelode creates carries this tag. */
    public static final String TAG = "kubelode";
    /**
     * Prefix of the ownership tag {@code kl:<clusterId>}: compensation deletes exactly what carries
     * the whole tag. Short because the tag must fit 50 characters with the longest cluster id.
     */
    public static final String CLUSTER_TAG_PREFIX = "kl:";
    public static final int MIN_LABEL = 3;
    public static final int MAX_LABEL = 64;
    public static final int MIN_TAG = 3;
    public static final int MAX_TAG = 50;

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z]([a-zA-Z0-9._-]*[a-zA-Z0-9])?");
    private static final Pattern DOUBLED = Pattern.compile("--|__|\\.\\.");

    private LinodeNames() {
    }

    /** {@code kl:<clusterId>}, the tag that says which cluster an instance or a domain belongs to. */
    public static String clusterTag(String clusterId) {
        return requireFit(CLUSTER_TAG_PREFIX + clusterId, tagProblem(CLUSTER_TAG_PREFIX + clusterId));
    }

    /** {@code <clusterId>-<node>}, the instance's label and its idempotency key at Linode. */
    public static String instanceLabel(String clusterId, int node) {
        String label = clusterId + "-" + node;
        return requireFit(label, labelProblem(label));
    }

    /** What is wrong with an instance label in Linode's eyes, if anything. */
    public static Optional<String> labelProblem(String label) {
        if (label.length() < MIN_LABEL || label.length() > MAX_LABEL) {
            return Optional.of("a Linode label has " + MIN_LABEL + " to " + MAX_LABEL + " characters, '" + label
                    + "' has " + label.length());
        }
        if (!LABEL.matcher(label).matches() || DOUBLED.matcher(label).find()) {
            return Optional.of("a Linode label is letters, digits, '-', '_' and '.', starts with a letter, ends with a"
                    + " letter or digit and has no '--', '__' or '..'; '" + label + "' is not");
        }
        return Optional.empty();
    }

    /** What is wrong with a tag in Linode's eyes, if anything. */
    public static Optional<String> tagProblem(String tag) {
        return tag.length() < MIN_TAG || tag.length() > MAX_TAG
                ? Optional.of("a Linode tag has " + MIN_TAG + " to " + MAX_TAG + " characters, '" + tag + "' has "
                + tag.length())
                : Optional.empty();
    }

    private static String requireFit(String name, Optional<String> problem) {
        problem.ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return name;
    }
}
