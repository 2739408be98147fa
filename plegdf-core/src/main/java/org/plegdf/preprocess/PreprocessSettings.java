package org.plegdf.preprocess;

import org.plegdf.face.DetectorKind;

/**
 * What a finished video was made with; stored in its completion marker so that a re-run with other
 * settings redoes the video instead of mixing crops.
 *
 * @param size crop side in pixels
 * @param every one frame in this many was sampled
 * @param maxFrames limit on sampled frames (0 = none)
 * @param detector the face detector
 * @param minFace smallest face, fraction of the frame's shorter side
 */
public record PreprocessSettings(int size, int every, long maxFrames, DetectorKind detector, double minFace) {}
