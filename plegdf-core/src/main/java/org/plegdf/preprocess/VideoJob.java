package org.plegdf.preprocess;

import java.nio.file.Path;
import java.util.List;

/**
 * One video to preprocess.
 *
 * @param id folder name of its output ({@link VideoManifest#folderName} of the manifest's video_id,
 *     or of the file name without extension)
 * @param video the video file, or a frame folder (manifest input only), which is passed through
 * @param manifestRow the manifest's fields for it (video_id, subject_id, split, bdi, path), or
 *     {@code null} when the input was not a manifest
 */
public record VideoJob(String id, Path video, List<String> manifestRow) {
    /** @return true when the input names a folder of frames rather than a video */
    public boolean isFrameFolder() {
        return java.nio.file.Files.isDirectory(video);
    }
}
