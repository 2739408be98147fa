package org.plegdf.face;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The roll of a face from its bilateral symmetry: the in-plane angle at which the face looks most
 * like its own mirror image. Works where eye detection does not (40 px faces, squinting, smiling,
 * glasses), because it uses the whole face rather than two small eyes.
 *
 * <p>The face is resampled to a small upright patch at candidate angles around the detector's
 * roll; the score of an angle is the correlation between the patch's vertical intensity gradients
 * and their mirror image about a vertical axis (the axis may sit slightly off the box centre,
 * since boxes are not centred on the face to the pixel). Vertical gradients are used rather than
 * intensities because they carry the face's horizontal structures (brows, eyes, nose tip, mouth),
 * which are what tilt moves, and are insensitive to light falling from one side. Three patch
 * extents are averaged, so that hair or background at the box edge does not decide the angle. The
 * search is coarse (every {@value #COARSE_STEP}°) then fine ({@value #FINE_STEP}°).
 *
 * <p>Measured on the annotated photos in {@code shared/fixtures/faces} (32-101 px faces): the
 * levelled eye line within 3.3° for all 16 detected faces, and within 3° for 57 of 61 when the
 * photos are turned by ±10° and ±20° (docs/results.md). Stateless and thread-safe.
 */
public final class FaceSymmetry {
    /** Side of the resampled patch: enough for the face's large structures, cheap to search. */
    static final int PATCH = 32;
    /** Parts of the box side the patch spans; averaged so that the box edge does not dominate. */
    private static final double[] EXTENTS = {0.7, 0.8, 0.9};
    /** How far from the detector's roll the search goes, degrees: its roll is within ±10° of the face's. */
    static final double SEARCH = 15;
    /** In video, how far from the previous frame's roll. */
    public static final double FOLLOW = 6;
    static final double COARSE_STEP = 3;
    static final double FINE_STEP = 0.5;
    /** Largest shift of the mirror axis from the box centre, patch pixels (about 6% of the face). */
    private static final int MAX_SHIFT = 2;
    /** Below this mean correlation the patch is not a face-like symmetric pattern: keep the detector's roll. */
    static final double MIN_SCORE = 0.15;

    /**
     * The outcome of a search.
     *
     * @param roll the face's roll in degrees (image coordinates: positive turns the eye line clockwise)
     * @param score mean mirror correlation at that roll, -1..1
     * @param reliable whether the score is high enough for the roll to be trusted
     */
    public record Estimate(double roll, double score, boolean reliable) {}

    /**
     * Estimates the roll of the face in a box, searching ±{@value #SEARCH}° around the detector's roll.
     *
     * @param gray the 8-bit grey image the box refers to
     * @param box a face box; its {@link FaceBox#angle()} centres the search
     * @return the estimate; when it is not reliable, {@code roll} is the box's own angle
     */
    public Estimate estimate(Mat gray, FaceBox box) {
        return estimate(gray, box, box.angle(), SEARCH);
    }

    /**
     * Estimates the roll near a known one (video: the previous frame's roll, since a head turns
     * little in a tenth of a second). When the best angle is at the edge of the narrow range, the
     * full search around the detector's roll decides.
     *
     * @param gray the 8-bit grey image the box refers to
     * @param box a face box
     * @param centre the roll expected
     * @param range how far from {@code centre} to search, degrees (at least {@value #COARSE_STEP})
     * @return the estimate; when it is not reliable, {@code roll} is the box's own angle
     */
    public Estimate estimate(Mat gray, FaceBox box, double centre, double range) {
        Region region = Region.around(box, MARGIN, gray.cols(), gray.rows());
        if (region.isEmpty()) {
            return new Estimate(box.angle(), 0, false);
        }
        double k = Math.min(1, WORKING_FACE / box.size());
        try (Mat view = region.view(gray);
                Mat small = new Mat();
                Sampler sampler = new Sampler()) {
            // One area-averaged reduction of a large face, then many cheap warps of a small image.
            if (k < 1) {
                try (Size reduced = new Size(Math.max(1, (int) Math.round(region.width() * k)), Math.max(1, (int) Math.round(region.height() * k)))) {
                    resize(view, small, reduced, 0, 0, INTER_AREA);
                }
            } else {
                view.copyTo(small);
            }
            double kx = small.cols() / (double) region.width();
            double ky = small.rows() / (double) region.height();
            FaceBox local = new FaceBox((box.x() - region.x()) * kx, (box.y() - region.y()) * ky, box.width() * kx, box.height() * ky, box.angle(), box.score(), null);
            return search(sampler, small, local, centre, range);
        }
    }

    /** Side a large face is reduced to before the search: twice the patch, so the patch samples without aliasing. */
    private static final double WORKING_FACE = 2.0 * PATCH;
    /** Context kept around the box, in box sides, so that turned patches stay inside the real image. */
    private static final double MARGIN = 0.3;

    private static Estimate search(Sampler sampler, Mat gray, FaceBox box, double centre, double range) {
        double bestRoll = centre;
        double best = Double.NEGATIVE_INFINITY;
        int steps = (int) Math.max(1, Math.round(range / COARSE_STEP));
        for (int i = -steps; i <= steps; i++) {
            double a = centre + i * COARSE_STEP;
            double s = score(sampler, gray, box, a);
            if (s > best) {
                best = s;
                bestRoll = a;
            }
        }
        if (range < SEARCH && Math.abs(bestRoll - centre) >= steps * COARSE_STEP - 1e-9) {
            return search(sampler, gray, box, box.angle(), SEARCH);
        }
        double coarse = bestRoll;
        for (double a = coarse - COARSE_STEP + FINE_STEP; a < coarse + COARSE_STEP - 1e-9; a += FINE_STEP) {
            if (Math.abs(a - coarse) < 1e-9) {
                continue;
            }
            double s = score(sampler, gray, box, a);
            if (s > best) {
                best = s;
                bestRoll = a;
            }
        }
        boolean reliable = best >= MIN_SCORE;
        return new Estimate(reliable ? bestRoll : box.angle(), best, reliable);
    }

    /**
     * @param sampler buffers
     * @param gray grey image
     * @param box face box
     * @param roll candidate roll, degrees
     * @return the mirror correlation at that roll, averaged over the patch extents, best axis shift
     */
    private static double score(Sampler sampler, Mat gray, FaceBox box, double roll) {
        double[] byShift = new double[2 * MAX_SHIFT + 1];
        for (double extent : EXTENTS) {
            float[] gy = sampler.verticalGradient(gray, box, roll, extent);
            for (int k = -MAX_SHIFT; k <= MAX_SHIFT; k++) {
                byShift[k + MAX_SHIFT] += mirrorCorrelation(gy, k) / EXTENTS.length;
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double v : byShift) {
            best = Math.max(best, v);
        }
        return best;
    }

    /** Width of the warped patch: the mirror window plus room to shift it. */
    private static final int WIDE = PATCH + 2 * MAX_SHIFT;

    /**
     * Resamples levelled patches into native buffers allocated once per search: a search warps
     * some 45 patches, and allocating native matrices for each cost as much as the warps.
     */
    private static final class Sampler implements AutoCloseable {
        private final Mat patch = new Mat(PATCH, WIDE, CV_8UC1);
        private final Mat matrix = new Mat(2, 3, CV_64F);
        private final Size size = new Size(WIDE, PATCH);
        private final Scalar border = new Scalar();
        private final ByteBuffer pixels = patch.createBuffer();
        private final DoubleBuffer coefficients = matrix.createBuffer();
        private final byte[] px = new byte[WIDE * PATCH];
        private final float[] gy = new float[WIDE * PATCH];

        /**
         * The patch levelled for {@code roll}, {@code WIDE x PATCH}, as the vertical central
         * difference (rows 1..PATCH-2 valid, the rest zero); the array is reused by the next call.
         */
        float[] verticalGradient(Mat gray, FaceBox box, double roll, double extent) {
            double scale = PATCH / (extent * box.size());
            Affine t = Affine.levelling(box.centerX(), box.centerY(), roll, scale, WIDE / 2.0, PATCH / 2.0);
            coefficients.put(0, t.a()).put(1, t.b()).put(2, t.c()).put(3, t.d()).put(4, t.e()).put(5, t.f());
            warpAffine(gray, patch, matrix, size, INTER_LINEAR, BORDER_REPLICATE, border);
            pixels.get(0, px);
            for (int y = 1; y < PATCH - 1; y++) {
                for (int x = 0; x < WIDE; x++) {
                    gy[y * WIDE + x] = (px[(y + 1) * WIDE + x] & 0xff) - (px[(y - 1) * WIDE + x] & 0xff);
                }
            }
            return gy;
        }

        @Override
        public void close() {
            border.close();
            size.close();
            matrix.close();
            patch.close();
        }
    }

    /**
     * Pearson correlation between the left half of the window shifted by {@code shift} and the
     * mirrored right half. The arrays are 36 x 32: a Java loop beats a dozen native calls here.
     */
    static double mirrorCorrelation(float[] gy, int shift) {
        int left = MAX_SHIFT + shift;
        int x0 = (int) (0.1 * PATCH);
        int y0 = (int) (0.1 * PATCH);
        int y1 = (int) (0.95 * PATCH) - 1;
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        int n = 0;
        for (int y = Math.max(1, y0); y < Math.min(PATCH - 1, y1); y++) {
            int row = y * WIDE + left;
            for (int x = x0; x < PATCH / 2; x++) {
                double a = gy[row + x];
                double b = gy[row + PATCH - 1 - x];
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
                n++;
            }
        }
        double cov = sab / n - (sa / n) * (sb / n);
        double va = saa / n - (sa / n) * (sa / n);
        double vb = sbb / n - (sb / n) * (sb / n);
        // A flat patch (no structure) has no symmetry to measure.
        return va < 1e-6 || vb < 1e-6 ? 0 : cov / Math.sqrt(va * vb);
    }
}
