package org.plegdf.predict;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How much the FGLSCF fusion drew on one face region, averaged over frames. The face crop is cut
 * into an R x R grid (row 0 at the top, column 0 at the image's left); the weights of all regions
 * sum to 1, so 1 / (R * R) is "average attention".
 *
 * @param row the region's row
 * @param col the region's column
 * @param weight its mean weight
 */
public record RegionWeight(@JsonProperty("row") int row, @JsonProperty("col") int col, @JsonProperty("weight") double weight) {

    /**
     * The colour-map position of a region weight, anchored at equal attention, so that a grid of
     * nearly equal weights looks nearly uniform instead of being stretched over the whole map.
     *
     * @param weight a region's weight
     * @param regions how many regions share the attention (R * R)
     * @return 0.5 at equal attention (1 / regions), 0 at no attention, 1 at twice equal or more
     */
    public static double heat(double weight, int regions) {
        return Math.max(0, Math.min(1, 0.5 * weight * regions));
    }
}
