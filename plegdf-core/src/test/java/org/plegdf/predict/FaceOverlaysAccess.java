package org.plegdf.predict;

import java.awt.image.BufferedImage;

/** Test access to the report's face figure, for the picture in docs/preprocess.md. */
public final class FaceOverlaysAccess {
    private FaceOverlaysAccess() {}

    /**
     * @param crop the aligned crop
     * @param landmarks its landmarks as fractions of the side
     * @param side display side
     * @return the report's figure: the crop enlarged with its landmarks
     */
    public static BufferedImage withLandmarks(BufferedImage crop, float[] landmarks, int side) {
        return FaceOverlays.landmarks(FaceOverlays.enlarged(crop, side), landmarks);
    }
}
