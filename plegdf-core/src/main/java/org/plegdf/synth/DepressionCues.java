package org.plegdf.synth;

import java.util.Random;

/**
 * How a score shows on a synthetic face. Each cue grows with the severity
 * {@code s = (bdi / 45)^0.75} (capped at 1; the power makes the many mild scores visible, not only
 * the few severe ones) times a per-subject gain drawn around 1 (sd 0.2, kept in [0.6, 1.4]), so
 * people with the same score show it differently and no single cue is exact; the mean of the eight
 * gains is much steadier, which is what makes the score learnable from the whole face. Lengths are
 * fractions of the crop side.
 *
 * @param cornerDroop how far the mouth corners sink below the lip midline (mouth region)
 * @param smileRate relative chance of starting a smile, 1 for a score of 0 (mouth, cheeks, eyes)
 * @param smileAmplitude relative strength of smiles, 1 for a score of 0
 * @param lidWeight extra fraction of the eye opening the upper lids cover (eye region)
 * @param gazeDown how far the irises sit below the eye centre, in eye half-heights (eye region)
 * @param innerBrowLift how far the inner ends of the brows rise (brow region)
 * @param eyeBags opacity of the dark, tired crescents under the eyes (under-eye region)
 * @param pallor fraction of the cheeks' colour that is lost (cheek regions)
 * @param motionScale factor on head movement, 1 for a score of 0 (across frames)
 * @param talkScale factor on mouth movement while talking, 1 for a score of 0 (across frames)
 */
record DepressionCues(
        double cornerDroop, double smileRate, double smileAmplitude, double lidWeight,
        double gazeDown, double innerBrowLift, double eyeBags, double pallor, double motionScale, double talkScale) {

    /** Score at which the cues reach their full (gain 1) strength: AVEC2013's maximum. */
    static final double FULL_SCORE = 45;
    /** Number of independent per-subject gains. */
    static final int CUES = 8;

    /** Full-strength values (severity 1, gain 1). */
    static final double DROOP = 0.05;
    static final double LIDS = 0.55;
    static final double GAZE = 0.8;
    static final double BROWS = 0.045;
    static final double BAGS = 0.7;
    static final double PALLOR = 0.9;
    /** Exponent of the severity curve. */
    static final double CURVE = 0.75;

    /**
     * The per-subject gains of the cues (mouth droop, smiling, lids, gaze, brows, eye bags, pallor,
     * motion).
     *
     * @param rng the subject's stream
     * @return the gains, each in [0.6, 1.4]
     */
    static double[] drawGains(Random rng) {
        double[] g = new double[CUES];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.max(0.6, Math.min(1.4, 1 + 0.2 * rng.nextGaussian()));
        }
        return g;
    }

    /**
     * @param bdi the video's score
     * @param gains the subject's gains from {@link #drawGains}
     * @return the cues
     */
    static DepressionCues of(double bdi, double[] gains) {
        double s = Math.pow(Math.max(0, Math.min(1, bdi / FULL_SCORE)), CURVE);
        return new DepressionCues(
                DROOP * s * gains[0],
                Math.max(0, 1 - 0.9 * s * gains[1]),
                Math.max(0.2, 1 - 0.6 * s * gains[1]),
                LIDS * s * gains[2],
                GAZE * s * gains[3],
                BROWS * s * gains[4],
                BAGS * s * gains[5],
                Math.min(1, PALLOR * s * gains[6]),
                Math.max(0.25, 1 - 0.6 * s * gains[7]),
                Math.max(0.3, 1 - 0.5 * s * gains[7]));
    }
}
