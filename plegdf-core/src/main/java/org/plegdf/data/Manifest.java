package org.plegdf.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * A dataset: the videos of a {@code manifest.csv}, in file order, grouped by split, with the frame
 * listing of every frame folder (taken once, when the manifest was read). Immutable.
 *
 * <p>Read one with {@link ManifestReader#read(Path)}; the format is described in
 * {@code docs/data-format.md}.
 */
public final class Manifest {
    /** The manifest's file name inside a dataset folder. */
    public static final String FILE_NAME = "manifest.csv";
    /** The exact header of a manifest. */
    public static final List<String> HEADER = List.of("video_id", "subject_id", "split", "bdi", "path");

    private final Path file;
    private final double scaleMax;
    private final List<VideoRecord> records;
    private final Map<String, VideoRecord> byId = new LinkedHashMap<>();
    private final Map<String, FrameFolder> frames;
    private final Map<Split, List<VideoRecord>> bySplit = new EnumMap<>(Split.class);

    /**
     * @param file the manifest file the records came from (its folder is the dataset root)
     * @param scaleMax the rating scale's maximum the labels were checked against
     * @param records the rows, in file order, with unique video ids
     * @param frames the listing of each frame-folder record, by video id
     */
    public Manifest(Path file, double scaleMax, List<VideoRecord> records, Map<String, FrameFolder> frames) {
        this.file = file;
        this.scaleMax = scaleMax;
        this.records = List.copyOf(records);
        this.frames = Map.copyOf(frames);
        for (Split s : Split.values()) {
            bySplit.put(s, new ArrayList<>());
        }
        for (VideoRecord r : this.records) {
            if (byId.put(r.videoId(), r) != null) {
                throw new IllegalArgumentException("duplicate video_id '" + r.videoId() + "'");
            }
            bySplit.get(r.split()).add(r);
        }
        bySplit.replaceAll((s, l) -> List.copyOf(l));
    }

    /** @return the manifest file */
    public Path file() {
        return file;
    }

    /** @return the dataset folder (the manifest's folder) */
    public Path root() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** @return the maximum of the rating scale the labels were validated against (63 for BDI-II) */
    public double scaleMax() {
        return scaleMax;
    }

    /** @return every video, in file order */
    public List<VideoRecord> records() {
        return records;
    }

    /**
     * @param split a split
     * @return its videos, in file order, labelled or not
     */
    public List<VideoRecord> split(Split split) {
        return bySplit.get(split);
    }

    /**
     * @param split a split
     * @return its labelled videos, in file order (what training and evaluation use)
     */
    public List<VideoRecord> labelled(Split split) {
        return bySplit.get(split).stream().filter(VideoRecord::isLabelled).toList();
    }

    /**
     * @param videoId a video id
     * @return the video, if the manifest has it
     */
    public Optional<VideoRecord> find(String videoId) {
        return Optional.ofNullable(byId.get(videoId));
    }

    /**
     * @param split a split
     * @return the subject ids of that split, in order of first appearance
     */
    public Set<String> subjects(Split split) {
        Set<String> out = new LinkedHashSet<>();
        for (VideoRecord r : bySplit.get(split)) {
            out.add(r.subjectId());
        }
        return out;
    }

    /**
     * The frames of a video, as listed when the manifest was read.
     *
     * @param record a record of this manifest
     * @return its frame folder
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} when the record is a video file that
     *     has not been preprocessed into frames
     */
    public FrameFolder frames(VideoRecord record) {
        FrameFolder f = frames.get(record.videoId());
        if (f == null) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": video '" + record.videoId() + "' ("
                    + record.relativePath() + ") is a video file and needs preprocessing into face frames first");
        }
        return f;
    }

    /** @return true when some record is a video file rather than a frame folder */
    public boolean needsPreprocessing() {
        return records.stream().anyMatch(VideoRecord::needsPreprocessing);
    }

    /**
     * The label mean of the labelled training videos: the constant the mean-predictor baseline
     * always predicts.
     *
     * @return the mean training label
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} when no training video is labelled
     */
    public double trainMean() {
        List<VideoRecord> train = labelled(Split.TRAIN);
        if (train.isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no labelled train video");
        }
        double sum = 0;
        for (VideoRecord r : train) {
            sum += r.label();
        }
        return sum / train.size();
    }

    /** @return one line such as "train 30 videos / 30 subjects, dev 15 / 15, test 15 / 15 (2 unlabelled)" */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Split s : Split.values()) {
            List<VideoRecord> l = bySplit.get(s);
            long unlabelled = l.stream().filter(r -> !r.isLabelled()).count();
            long video = l.stream().filter(VideoRecord::needsPreprocessing).count();
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.id()).append(' ').append(l.size()).append(" videos / ").append(subjects(s).size()).append(" subjects");
            if (unlabelled > 0 || video > 0) {
                sb.append(" (");
                if (unlabelled > 0) {
                    sb.append(unlabelled).append(" unlabelled");
                }
                if (video > 0) {
                    sb.append(unlabelled > 0 ? ", " : "").append(video).append(" need preprocessing");
                }
                sb.append(')');
            }
        }
        return sb.toString();
    }
}
