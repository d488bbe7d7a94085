package io.kubelode.dns.plan;

import java.util.Locale;
import java.util.Optional;

/**
 * The TXT record that marks a name as kubelode's, like external-dns's TXT registry.
 *
 * <p>It lives beside the name, at {@code _kubelode-owner.<name>}, rather than at the name itself:
 * the apex's TXT set is where SPF and domain-verification records live, and a resolver asking for
 * them should not see kubelode's bookkeeping; an underscore label is the conventional place for
 * such attribute records (RFC 8552), and a name of its own can be deleted without touching anyone
 * else's TXT records. The value names the cluster, so two clusters (or two kubelode installs)
 * sharing a domain never touch each other's names.
 */
public final class Ownership {
    /** The label in front of every owned name. */
    public static final String PREFIX = "_kubelode-owner.";
    private static final String HERITAGE = "heritage=kubelode,kubelode/owner=";

    private Ownership() {
    }

    /** The name of the ownership record of {@code name}. */
    public static String ownerName(String name) {
        return PREFIX + name;
    }

    /** Whether {@code name} is an ownership record's name. */
    public static boolean isOwnerName(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** The name an ownership record stands beside. */
    public static String ownedName(String ownerName) {
        if (!isOwnerName(ownerName)) {
            throw new IllegalArgumentException(ownerName + " is not an ownership record name");
        }
        return ownerName.substring(PREFIX.length());
    }

    /** The TXT value that marks a name as owned by the cluster. */
    public static String value(String clusterId) {
        return HERITAGE + clusterId;
    }

    /** The cluster an ownership value names, if it is a kubelode value. */
    public static Optional<String> ownerOf(String txtValue) {
        String v = txtValue == null ? "" : txtValue.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.startsWith(HERITAGE) && v.length() > HERITAGE.length()
                ? Optional.of(v.substring(HERITAGE.length())) : Optional.empty();
    }
}
