package org.plegdf.synth;

import java.awt.Color;
import java.util.Random;

/**
 * Who a synthetic subject is: face shape, colouring and feature placement, drawn once per subject
 * and independent of the score. Lengths are fractions of the crop side. Several fields set the
 * resting state of a feature that a depression cue also moves (mouth corners, lids, brows), so a
 * cue is only readable relative to the person, never from one fixed pixel.
 */
record Identity(
        double faceCx, double faceCy, double faceHalfW, double faceHalfH, double jaw,
        Color skin, Color hair, Color background, Color shirt, Color iris, Color lips, Color brow,
        double hairline, double hairSide, boolean fringe, double stubble,
        double eyeY, double eyeDx, double eyeHalfW, double eyeHalfH, double irisR,
        double restLid, double browGap, double browThick, double browLen, double browArch, double restBrowTilt,
        double noseY, double noseHalfW, double mouthY, double mouthHalfW, double lipUpper, double lipLower,
        double restCorner, double restSmile, double blush, double motion, double talkiness) {

    private static final Color[] SKIN_LIGHT = {new Color(241, 204, 177), new Color(233, 190, 160), new Color(226, 188, 148)};
    private static final Color[] SKIN_DARK = {new Color(120, 80, 58), new Color(141, 94, 66), new Color(98, 66, 48)};
    private static final Color[] HAIR = {
        new Color(28, 22, 20), new Color(60, 40, 28), new Color(96, 66, 40), new Color(150, 115, 70),
        new Color(200, 170, 110), new Color(130, 128, 124), new Color(110, 45, 25)};
    private static final Color[] IRIS = {
        new Color(70, 45, 30), new Color(100, 70, 40), new Color(60, 100, 140), new Color(80, 110, 70), new Color(40, 30, 25)};

    /**
     * @param rng the subject's identity stream
     * @return a new face
     */
    static Identity draw(Random rng) {
        double tone = 0.15 + 0.7 * rng.nextDouble();
        Color skin = mix(SKIN_LIGHT[rng.nextInt(SKIN_LIGHT.length)], SKIN_DARK[rng.nextInt(SKIN_DARK.length)], tone);
        Color hair = HAIR[rng.nextInt(HAIR.length)];
        // a plain, muted backdrop, as in a recording room: the face, not the wall, should vary most
        Color bg = Color.getHSBColor((float) rng.nextDouble(), (float) (0.03 + 0.06 * rng.nextDouble()),
                (float) (0.5 + 0.15 * rng.nextDouble()));
        Color shirt = Color.getHSBColor((float) rng.nextDouble(), (float) (0.1 + 0.2 * rng.nextDouble()),
                (float) (0.2 + 0.3 * rng.nextDouble()));
        Color lips = mix(new Color(200, 110, 110), skin, 0.25 + 0.35 * rng.nextDouble());
        Color brow = mix(hair, new Color(20, 15, 12), 0.3 + 0.4 * rng.nextDouble());
        return new Identity(
                0.5 + 0.01 * rng.nextGaussian(), 0.53 + 0.01 * rng.nextGaussian(),
                u(rng, 0.36, 0.42), u(rng, 0.50, 0.56), u(rng, 0.55, 0.8),
                skin, hair, bg, shirt, IRIS[rng.nextInt(IRIS.length)], lips, brow,
                u(rng, 0.10, 0.19), u(rng, 0.06, 0.16), rng.nextDouble() < 0.4, rng.nextDouble() < 0.2 ? u(rng, 0.08, 0.18) : 0,
                0.40 + 0.010 * rng.nextGaussian(), u(rng, 0.16, 0.185), u(rng, 0.07, 0.082), u(rng, 0.033, 0.041),
                u(rng, 0.027, 0.033),
                u(rng, 0.05, 0.2), u(rng, 0.075, 0.095), u(rng, 0.018, 0.028), u(rng, 0.12, 0.15), u(rng, 0.008, 0.02),
                0.004 * rng.nextGaussian(),
                u(rng, 0.57, 0.61), u(rng, 0.045, 0.06), 0.74 + 0.012 * rng.nextGaussian(), u(rng, 0.10, 0.13),
                u(rng, 0.011, 0.017), u(rng, 0.014, 0.021),
                0.004 * rng.nextGaussian(), u(rng, 0.0, 0.25), u(rng, 0.4, 0.65), u(rng, 0.7, 1.3), u(rng, 0.6, 1.4));
    }

    private static double u(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
