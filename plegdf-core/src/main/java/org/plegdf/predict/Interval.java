package org.plegdf.predict;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A score interval, written to JSON as {@code [lo, hi]}.
 *
 * @param lo lower end
 * @param hi upper end
 */
public record Interval(double lo, double hi) {
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
