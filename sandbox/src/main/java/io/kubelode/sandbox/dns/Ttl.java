package io.kubelode.sandbox.dns;

/** Linode's accepted DNS time values and its rounding rules. */
public final class Ttl {
    static final int[] VALID = {30, 120, 300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800,
        1209600, 2419200};
    private static final int[] RECORD_VALID = {300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800,
        1209600, 2419200};

    private Ttl() {}

    /** Domain times ({@code ttl_sec}, {@code refresh_sec}, ...): 0 stays 0 (the default), others round up. */
    public static int domain(Integer seconds) {
        if (seconds == null || seconds <= 0) {
            return 0;
        }
        for (int v : VALID) {
            if (v >= seconds) {
                return v;
            }
        }
        return VALID[VALID.length - 1];
    }

    /** Record {@code ttl_sec}: 0 stays 0 (the domain's default), others round to the nearest valid value. */
    public static int record(Integer seconds) {
        if (seconds == null || seconds <= 0) {
            return 0;
        }
        int best = RECORD_VALID[0];
        for (int v : RECORD_VALID) {
            if (Math.abs((long) v - seconds) < Math.abs((long) best - seconds)) {
                best = v;
            }
        }
        return best;
    }
}
