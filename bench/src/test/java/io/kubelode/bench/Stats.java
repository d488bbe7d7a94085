package io.kubelode.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Order statistics of a sample of milliseconds (nearest-rank percentiles). */
record Stats(int n, long min, long p50, long p99, long max) {

    static Stats of(Collection<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return new Stats(v.size(), v.get(0), rank(v, 50), rank(v, 99), v.get(v.size() - 1));
    }

    /** Nearest-rank percentile: the smallest value with at least p % of the sample at or below it. */
    static long rank(List<Long> sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    /** {@code median (min–max)} in ms. */
    String medianMinMax() {
        return p50 + " (" + min + "–" + max + ")";
    }
}
