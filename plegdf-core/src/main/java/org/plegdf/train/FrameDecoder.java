package org.plegdf.train;

import java.nio.file.Path;
import java.util.Random;

/**
 * Turns one face-frame file into the network's input: RGB, S x S, normalised, CHW, written into a
 * batch buffer. Implementations must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface FrameDecoder {
    /**
     * @param frame the image file
     * @param augment random source for training augmentation, or null for none (evaluation)
     * @param batch the batch buffer
     * @param index position of this frame in the batch (its values start at index x 3 x S x S)
     */
    void decode(Path frame, Random augment, float[] batch, int index);
}
