package org.plegdf.importer;

import java.nio.file.Path;
import java.util.Objects;
import org.plegdf.model.RatingScale;

/**
 * What to import and how.
 *
 * @param layout the source's layout
 * @param root the folder holding the source's videos or frame folders
 * @param labels a labels folder (AVEC label files) or labels CSV, or null
 * @param out the dataset folder to write
 * @param scale the rating scale of the labels
 * @param folds the number of subject-grouped cross-validation folds to write, or null for none
 * @param seed the seed of the random split and of the fold assignment
 */
public record ImportRequest(ImportLayout layout, Path root, Path labels, Path out, RatingScale scale, Integer folds, long seed) {
    /** Checks the required parts. */
    public ImportRequest {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(scale, "scale");
    }
}
