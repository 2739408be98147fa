package org.plegdf.face;


import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The whole front end (plegdf's own detector, landmarks, alignment) measured on the annotated
 * photos, turned by a known angle (annotations turned with them): recall at IoU >= 0.4, the
 * normalised mean error of the 68 points (inter-ocular distance 36-45) and the eye line of each
 * matched face in its crop.
 */
final class LandmarkMeasurement {
    static final double MATCH_IOU = 0.4;

    /** One annotated face found: its NME and the crop's residual eye-line angle. */
    record Match(double size, double nme, double eyeLine, EyeSource source) {}

    /** The outcome on a set of photos. */
    record Outcome(int annotated, List<Match> matches, int unmatchedDetections) {
        double recall() {
            return (double) matches.size() / annotated;
        }

        double meanNme() {
            return matches.stream().mapToDouble(Match::nme).average().orElse(Double.NaN);
        }

        double worstEyeLine() {
            return matches.stream().mapToDouble(m -> Math.abs(m.eyeLine())).max().orElse(Double.NaN);
        }

        long withinDegrees(double limit) {
            return matches.stream().filter(m -> Math.abs(m.eyeLine()) <= limit).count();
        }

        String line(String what) {
            return String.format(Locale.ROOT, "%s: recall %d/%d = %.2f, NME %.3f, eye line within 3 deg %d/%d (worst %.1f deg), %d other detections",
                    what, matches.size(), annotated, recall(), meanNme(), withinDegrees(3), matches.size(), worstEyeLine(), unmatchedDetections);
        }
    }

    private LandmarkMeasurement() {}

    static Outcome measure(FaceSettings settings, double turn) throws Exception {
        int[] annotated = {0};
        int[] others = {0};
        List<Match> matches = new ArrayList<>();
        try (FacePipeline pipeline = new FacePipeline(settings)) {
            FaceFixtures.forEachTurned(pipeline, turn, photo -> {
                List<AlignedFace> used = new ArrayList<>();
                for (FaceFixtures.Face f : photo.photo().faces()) {
                    annotated[0]++;
                    FaceBox moved = photo.box(f);
                    photo.faces().stream().filter(a -> !used.contains(a) && a.box().iou(moved) >= MATCH_IOU)
                            .max(Comparator.comparingDouble(a -> a.box().iou(moved)))
                            .ifPresent(a -> {
                                used.add(a);
                                matches.add(match(a, f, photo.tilt()));
                            });
                }
                others[0] += photo.faces().size() - used.size();
            });
        }
        return new Outcome(annotated[0], matches, others[0]);
    }

    private static Match match(AlignedFace a, FaceFixtures.Face f, Affine tilt) {
        Point2[] truth = new Point2[68];
        for (int i = 0; i < 68; i++) {
            truth[i] = tilt.apply(f.parts()[i]);
        }
        double nme = Double.NaN;
        if (a.landmarks() != null) {
            double iod = truth[36].distance(truth[45]);
            double sum = 0;
            for (int i = 0; i < 68; i++) {
                sum += a.landmarks().point(i).distance(truth[i]) / iod;
            }
            nme = sum / 68;
        }
        EyePair eyes = new FaceLandmarks(truth, null).eyes().map(a.transform());
        return new Match(f.box().size(), nme, eyes.angleDegrees(), a.eyeSource());
    }
}
