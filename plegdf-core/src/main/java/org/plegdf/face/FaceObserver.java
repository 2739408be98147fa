package org.plegdf.face;

import java.util.Optional;
import java.util.OptionalDouble;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Looks at one found face in one image, for stills and video alike so both crop the same way: its
 * roll and the eye pair to align it on, from the best source available.
 *
 * <ol>
 *   <li>dlib's 68 landmarks when the model is installed ({@link LandmarkLocator}): the eye pair is
 *       the one the five-point landmark alignment puts on the template ({@link LandmarkAlignment}),
 *       the roll is that alignment's;
 *   <li>the detector's own eye landmarks (YuNet): their position and spacing, the roll from the
 *       face's symmetry (YuNet's eye landmarks on 30-90 px faces were off by up to 16 degrees);
 *   <li>otherwise the roll from the face's symmetry and the eye cascade searched at that roll.
 * </ol>
 *
 * Holds the eye cascade: not thread-safe; one per pipeline.
 */
final class FaceObserver implements AutoCloseable {
    /** Eye cascade pairs whose tilt contradicts the face's symmetry are brows, frames or nostrils. */
    private static final double MAX_EYE_ROLL_DISAGREEMENT = 5;

    private final FaceSymmetry symmetry = new FaceSymmetry();
    private final EyeLocator eyeLocator;
    private final LandmarkLocator landmarks;
    private final LandmarkAlignment alignment;

    /**
     * One face in one image, levelled: the box with its roll set to the face's, the eyes found in
     * this image (empty when no source gave a convincing pair), and the landmarks when located.
     */
    record Observation(FaceBox box, Optional<EyePair> eyes, EyeSource source, FaceLandmarks landmarks) {}

    /**
     * @param landmarks the landmark locator, or {@code null} for none
     * @param template the crop's eye targets
     */
    FaceObserver(LandmarkLocator landmarks, AlignmentTemplate template) {
        this.eyeLocator = new EyeLocator();
        this.landmarks = landmarks;
        this.alignment = landmarks == null ? null : new LandmarkAlignment(template, landmarks.model().meanShape());
    }

    /** @return whether dlib landmarks are located */
    boolean hasLandmarks() {
        return landmarks != null;
    }

    /**
     * @param bgr the image
     * @param gray its grey copy
     * @param box a detector's face
     * @param recentRoll the roll in the previous video frame, which narrows the symmetry search; empty for stills
     * @return what was seen
     */
    Observation observe(Mat bgr, Mat gray, FaceBox box, OptionalDouble recentRoll) {
        if (landmarks != null) {
            FaceLandmarks lm = landmarks.locate(bgr, box);
            EyePair eyes = alignment.alignmentEyes(lm);
            return new Observation(box.with(eyes.angleDegrees(), eyes), Optional.of(eyes), EyeSource.LANDMARKS_68, lm);
        }
        if (box.eyes() != null) {
            double roll = symmetry.estimate(gray, FaceGeometry.boxAround(box.eyes())).roll();
            EyePair eyes = landmarkEyes(box.eyes(), roll);
            return new Observation(box.with(roll, eyes), Optional.of(eyes), EyeSource.LANDMARKS, null);
        }
        FaceSymmetry.Estimate e = recentRoll.isPresent()
                ? symmetry.estimate(gray, box, recentRoll.getAsDouble(), FaceSymmetry.FOLLOW)
                : symmetry.estimate(gray, box);
        FaceBox levelled = box.with(e.roll(), null);
        Optional<EyePair> eyes = eyeLocator.locate(gray, levelled)
                .filter(p -> Math.abs(p.angleDegrees() - levelled.angle()) <= MAX_EYE_ROLL_DISAGREEMENT);
        return new Observation(levelled, eyes, EyeSource.DETECTED, null);
    }

    /** Eye landmarks turned about their midpoint to {@code roll}, their spacing kept. */
    static EyePair landmarkEyes(EyePair landmarks, double roll) {
        Point2 mid = landmarks.midpoint();
        return landmarks.map(Affine.levelling(mid.x(), mid.y(), landmarks.angleDegrees() - roll, 1, mid.x(), mid.y()));
    }

    @Override
    public void close() {
        eyeLocator.close();
    }
}
