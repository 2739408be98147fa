package org.plegdf.importer;

import java.nio.file.Path;
import org.plegdf.data.MediaKind;

/**
 * One video of a recording as found on disk: a video file (to be preprocessed) or a frame folder.
 *
 * @param videoId its id in the manifest, unique in the dataset
 * @param path where it is
 * @param kind a video file or a frame folder
 */
record FoundVideo(String videoId, Path path, MediaKind kind) {}
