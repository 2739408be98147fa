package org.plegdf.face;

import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector with a second one for the images where it finds nothing: BlazeFace, then the Haar
 * cascade (which finds small faces in group photos that BlazeFace misses, docs/results.md). The
 * fallback is created on first need. Not thread-safe.
 */
final class FallbackFaceDetector implements FaceDetector {
    private final FaceDetector primary;
    private final Supplier<FaceDetector> fallbackFactory;
    private FaceDetector fallback;

    FallbackFaceDetector(FaceDetector primary, Supplier<FaceDetector> fallbackFactory) {
        this.primary = primary;
        this.fallbackFactory = fallbackFactory;
    }

    @Override
    public double minFaceFraction() {
        return primary.minFaceFraction();
    }

    @Override
    public List<FaceBox> detect(Mat bgr, Region region, double minFace, double maxFace, boolean allRolls) {
        List<FaceBox> found = primary.detect(bgr, region, minFace, maxFace, allRolls);
        if (!found.isEmpty()) {
            return found;
        }
        if (fallback == null) {
            fallback = fallbackFactory.get();
        }
        return fallback.detect(bgr, region, minFace, maxFace, allRolls);
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public void close() {
        primary.close();
        if (fallback != null) {
            fallback.close();
        }
    }
}
