package org.plegdf.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * {@code dataset.json}, written by {@code plegdf import} beside {@code manifest.csv}: what the
 * manifest itself cannot say. Above all the rating scale of its labels, which {@code train} carries
 * into the model's configuration when no {@code --scale} is given, so every report speaks the
 * scale the labels were given on.
 *
 * @param source the layout it was imported from: avec2013, avec2014, openface or csv
 * @param scale the rating scale of the labels (name, max, bands)
 * @param splits how train/dev/test were decided: {@link #OFFICIAL}, {@link #LABELS_FILE} or {@link #RANDOM}
 * @param folds the number of cross-validation folds in {@code folds.csv}, or null when there are none
 * @param seed the seed of the random split or of the fold assignment, or null when nothing was random
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetInfo(
        @JsonProperty("source") String source,
        @JsonProperty("scale") RatingScale scale,
        @JsonProperty("splits") String splits,
        @JsonProperty("folds") Integer folds,
        @JsonProperty("seed") Long seed) {

    /** The file's name inside a dataset folder. */
    public static final String FILE_NAME = "dataset.json";
    /** Splits taken from the source's own split folders (Training, Development, Testing). */
    public static final String OFFICIAL = "official";
    /** Splits taken from the split column of the user's labels file. */
    public static final String LABELS_FILE = "labels-file";
    /** A subject-grouped random train/dev/test split made by import, with {@link #seed()}. */
    public static final String RANDOM = "random";

    /**
     * @param data a dataset folder or its manifest file
     * @return the folder's {@code dataset.json}, or empty when it has none (a hand-written manifest)
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} when the file exists but is not valid
     */
    public static Optional<DatasetInfo> find(Path data) {
        Path file = folderOf(data).resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        DatasetInfo info = Json.read(file, DatasetInfo.class, ExitCodes.BAD_DATASET);
        if (info.scale() == null) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no \"scale\"");
        }
        try {
            info.scale().validate();
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": " + e.getMessage(), e);
        }
        return Optional.of(info);
    }

    /**
     * Writes {@code dataset.json} into a dataset folder, atomically.
     *
     * @param dir the dataset folder
     * @return the file written
     */
    public Path write(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Json.write(file, this);
        return file;
    }

    /**
     * @param data a dataset folder or a manifest file
     * @return the dataset folder
     */
    static Path folderOf(Path data) {
        if (Files.isDirectory(data)) {
            return data;
        }
        Path parent = data.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
