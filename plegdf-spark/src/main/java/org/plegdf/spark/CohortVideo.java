package org.plegdf.spark;

import java.io.Serializable;

/**
 * One video of a cohort.
 *
 * @param videoId its id in the output table: the manifest's video_id, or the path under the videos
 *     folder without the extension
 * @param path the file, absolute; every executor must be able to read it (shared storage)
 */
public record CohortVideo(String videoId, String path) implements Serializable {}
