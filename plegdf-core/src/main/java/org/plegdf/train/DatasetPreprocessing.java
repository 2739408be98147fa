package org.plegdf.train;

import java.nio.file.Path;
import org.plegdf.face.CropRecipe;
import org.plegdf.preprocess.PreprocessSummary;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * How a dataset's face crops were made, from the summary that {@code plegdf preprocess} leaves in
 * its output folder, so the trained model can carry the recipe to {@code plegdf predict}.
 */
final class DatasetPreprocessing {
    private DatasetPreprocessing() {}

    /**
     * @param datasetDir the dataset folder (the manifest's folder)
     * @param fallback the recipe to keep when the folder has no summary
     * @return the summary's recipe, or {@code fallback}
     * @throws PlegdfException ({@link ExitCodes#BAD_DATASET}) when a summary exists but is unreadable
     */
    static CropRecipe of(Path datasetDir, CropRecipe fallback) {
        return PreprocessSummary.recipeOf(datasetDir).orElse(fallback);
    }
}
