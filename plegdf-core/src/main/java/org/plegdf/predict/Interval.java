package org.plegdf.predict;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A score interval, written to JSON as {@code [lo, hi]}.
 *
 * @param lo lower end
 * @param hi upper end
 * @param resamples bootstrap resamples it was estimated from (0 for a single frame); not in the JSON
 */
public record Interval(double lo, double hi, int resamples) {
    /**
     * @param lo lower end
     * @param hi upper end
     */
    public Interval(double lo, double hi) {
        this(lo, hi, 0);
    }

    /** @return {@code [lo, hi]} */
    @JsonValue
    public double[] toArray() {
        return new double[] {lo, hi};
    }

    /**
     * @param x a value
     * @return whether lo &lt;= x &lt;= hi
     */
    public boolean contains(double x) {
        return lo <= x && x <= hi;
    }
}
