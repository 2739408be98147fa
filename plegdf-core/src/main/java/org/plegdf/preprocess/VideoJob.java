package org.plegdf.preprocess;

import java.nio.file.Path;
import java.util.List;

/**
 * One video to preprocess.
 *
 * @param id folder name of its output (the manifest's video_id, or the file name without extension)
 * @param video the video file
 * @param manifestRow the manifest's fields for it (video_id, subject_id, split, bdi, path), or
 *     {@code null} when the input was not a manifest
 */
public record VideoJob(String id, Path video, List<String> manifestRow) {}
