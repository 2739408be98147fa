package org.plegdf.face;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * An integer rectangle of an image, always inside it.
 *
 * @param x left column
 * @param y top row
 * @param width columns
 * @param height rows
 */
public record Region(int x, int y, int width, int height) {

    /**
     * @param image an image
     * @return the whole image
     */
    public static Region of(Mat image) {
        return new Region(0, 0, image.cols(), image.rows());
    }

    /**
     * A square around a box, grown by {@code margin} box sides on each side, clipped to the image.
     *
     * @param box the centre box
     * @param margin how many box sides to add on each side
     * @param imageWidth image columns
     * @param imageHeight image rows
     * @return the region (possibly empty when the box is outside the image)
     */
    public static Region around(FaceBox box, double margin, int imageWidth, int imageHeight) {
        double side = box.size() * (1 + 2 * margin);
        int x0 = (int) Math.floor(box.centerX() - side / 2);
        int y0 = (int) Math.floor(box.centerY() - side / 2);
        int x1 = (int) Math.ceil(box.centerX() + side / 2);
        int y1 = (int) Math.ceil(box.centerY() + side / 2);
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(imageWidth, x1);
        y1 = Math.min(imageHeight, y1);
        return new Region(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    /** @return whether the region has no pixels */
    public boolean isEmpty() {
        return width <= 0 || height <= 0;
    }

    /**
     * @param image the image
     * @return a view of the region (shares pixels); the caller closes it
     */
    public Mat view(Mat image) {
        try (Rect r = new Rect(x, y, width, height)) {
            return new Mat(image, r);
        }
    }
}
