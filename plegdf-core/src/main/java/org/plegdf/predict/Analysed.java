package org.plegdf.predict;

import java.util.List;

/**
 * What an input source looked at, besides the crops it handed to the scoring session.
 *
 * @param kind video, frames or image
 * @param path the file or folder, or null for an in-memory image
 * @param framesAnalysed frames looked at for a face
 * @param frameStep one video frame in this many was analysed (1 for frames and images)
 * @param framesWithoutFace analysed frames without a usable face
 * @param durationSeconds the video's length as far as it was read, or null
 * @param warnings problems with the input that did not stop the prediction
 */
record Analysed(String kind, String path, long framesAnalysed, int frameStep, int framesWithoutFace, Double durationSeconds,
        List<String> warnings) {}
