package org.plegdf.preprocess;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.plegdf.face.CropRecipe;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * The run summary, printed and written as {@value PreprocessRun#SUMMARY}.
 *
 * @param videos videos in the input
 * @param done processed by this run
 * @param skipped finished by an earlier run (same settings)
 * @param failed could not be processed
 * @param frameFolders frame folders of the manifest, passed through as they are
 * @param withoutFace the videos (as given) processed now or earlier in which no usable face was
 *     found: no crop, left out of the manifest written
 * @param warnings processed, with a warning (a truncated file); see the results
 * @param framesRead sampled frames analysed by this run
 * @param framesKept of those, frames with an aligned face
 * @param framesWithoutFace of those, frames without a usable face
 * @param framesDecoded all frames decoded by this run
 * @param seconds wall time of the run
 * @param framesPerSecond sampled frames analysed per second of wall time
 * @param decodedPerSecond video frames decoded per second of wall time
 * @param workers videos processed in parallel
 * @param settings the settings
 * @param results one entry per video
 */
public record PreprocessSummary(int videos, int done, int skipped, int failed,
        // Absent from summaries written before these were counted: read as none.
        @JsonSetter(nulls = Nulls.AS_EMPTY) int frameFolders, @JsonSetter(nulls = Nulls.AS_EMPTY) List<String> withoutFace, int warnings,
        long framesRead, long framesKept, long framesWithoutFace, long framesDecoded,
        double seconds, double framesPerSecond, double decodedPerSecond, int workers,
        PreprocessSettings settings, List<VideoResult> results) {

    /**
     * The recipe a preprocess output folder's crops were made with, from its summary file.
     *
     * @param folder a preprocess output folder (a dataset folder)
     * @return the recipe, its source the summary file; empty when the folder has no summary
     * @throws PlegdfException BAD_DATASET when a summary exists but is unreadable
     */
    public static Optional<CropRecipe> recipeOf(Path folder) {
        Path file = folder.resolve(PreprocessRun.SUMMARY);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        PreprocessSummary s = Json.read(file, PreprocessSummary.class, ExitCodes.BAD_DATASET);
        if (s.settings() == null || s.settings().recipe() == null) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no \"settings\" (how the crops were made)");
        }
        CropRecipe r = s.settings().recipe().from(file.toAbsolutePath().normalize().toString());
        try {
            r.validate();
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": " + e.getMessage(), e);
        }
        return Optional.of(r);
    }

    /** @return one line for the terminal */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "%d videos: %d done, %d already done, %d failed%s%s%s; frames read %d, kept %d, without face %d; %.1f s, %.1f frames/s (%.1f decoded/s)",
                videos, done, skipped, failed, frameFolders > 0 ? ", " + frameFolders + " frame folder(s) passed through" : "",
                withoutFace.isEmpty() ? "" : ", " + withoutFace.size() + " without any usable face (" + names(withoutFace) + ")",
                warnings > 0 ? ", " + warnings + " with warnings" : "", framesRead, framesKept, framesWithoutFace, seconds, framesPerSecond, decodedPerSecond);
    }

    /** @return the first few file names, then how many more */
    static String names(List<String> videos) {
        List<String> first = videos.stream().limit(5).map(v -> java.nio.file.Path.of(v).getFileName().toString()).toList();
        return String.join(", ", first) + (videos.size() > first.size() ? " and " + (videos.size() - first.size()) + " more" : "");
    }
}
