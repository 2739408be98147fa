package org.plegdf.train;

import java.nio.file.Path;

/**
 * One frame to feed the network.
 *
 * @param video index of its video in the list being trained or scored
 * @param frame the image file
 * @param target training target in units of the scale's maximum (NaN when unlabelled)
 */
public record FrameSample(int video, Path frame, float target) {}
