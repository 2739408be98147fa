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
public record RegionWeight(@JsonProperty("row") int row, @JsonProperty("col") int col, @JsonProperty("weight") double weight) {}
