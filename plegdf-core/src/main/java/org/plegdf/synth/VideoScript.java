package org.plegdf.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The per-frame course of one synthetic recording: smooth head motion (AR(1) processes), blinks,
 * talking bouts, smile episodes, saccades and lighting drift. The depression cues scale how much
 * the face moves and how often and how widely it smiles.
 */
final class VideoScript {
    /** Frame-to-frame correlation of the slow processes (head pose, gaze, light). */
    private static final double AR = 0.85;
    private static final double INNOVATION = Math.sqrt(1 - AR * AR);

    private VideoScript() {}

    /**
     * @param id the subject
     * @param cues the video's cues
     * @param frames number of frames
     * @param rng the video's stream
     * @return one state per frame
     */
    static List<FrameState> generate(Identity id, DepressionCues cues, int frames, Random rng) {
        double motion = id.motion() * cues.motionScale();
        double lightAngle = 2 * Math.PI * rng.nextDouble();
        double lightStrength = 0.08 + 0.06 * rng.nextDouble();
        double ambientBase = 0.95 + 0.06 * rng.nextDouble();
        double yaw = 0;
        double pitch = 0;
        double roll = 0;
        double dx = 0;
        double dy = 0;
        double zoom = 0;
        double gazeX = 0.3 * rng.nextGaussian();
        double ambient = 0;
        boolean talking = rng.nextDouble() < 0.5;
        double talkPhase = 2 * Math.PI * rng.nextDouble();
        int smileLeft = 0;
        double smilePeak = 0;
        int smileAge = 0;
        double prevBlink = 0;
        // warm the processes up so the first frame is not special
        double[] state = {0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < state.length; k++) {
                state[k] = AR * state[k] + INNOVATION * rng.nextGaussian();
            }
        }
        yaw = state[0];
        pitch = state[1];
        roll = state[2];
        dx = state[3];
        dy = state[4];
        zoom = state[5];
        List<FrameState> out = new ArrayList<>(frames);
        for (int t = 0; t < frames; t++) {
            yaw = AR * yaw + INNOVATION * rng.nextGaussian();
            pitch = AR * pitch + INNOVATION * rng.nextGaussian();
            roll = AR * roll + INNOVATION * rng.nextGaussian();
            dx = AR * dx + INNOVATION * rng.nextGaussian();
            dy = AR * dy + INNOVATION * rng.nextGaussian();
            zoom = AR * zoom + INNOVATION * rng.nextGaussian();
            ambient = AR * ambient + INNOVATION * rng.nextGaussian();
            // saccades: mostly small drift, sometimes a jump
            gazeX = rng.nextDouble() < 0.15 ? 0.5 * rng.nextGaussian() : 0.9 * gazeX + 0.05 * rng.nextGaussian();
            double gazeY = 0.12 * rng.nextGaussian();

            double blink = 0;
            if (rng.nextDouble() < 0.07) {
                blink = 0.8 + 0.2 * rng.nextDouble();
            } else if (prevBlink > 0.7 && rng.nextDouble() < 0.5) {
                blink = 0.4;
            }
            prevBlink = blink;

            if (rng.nextDouble() < (talking ? 0.08 : 0.10)) {
                talking = !talking;
            }
            talkPhase += 0.9 + 0.8 * rng.nextDouble();
            double mouthOpen = talking
                    ? 0.024 * id.talkiness() * cues.talkScale() * Math.abs(Math.sin(talkPhase)) * (0.6 + 0.4 * rng.nextDouble())
                    : 0.002 * rng.nextDouble();

            // smile episodes: onset, a few frames held, then a decay
            double smile;
            if (smileLeft == 0 && rng.nextDouble() < 0.055 * cues.smileRate()) {
                smileLeft = 4 + rng.nextInt(8);
                smilePeak = cues.smileAmplitude() * (0.6 + 0.4 * rng.nextDouble());
                smileAge = 0;
            }
            double rest = id.restSmile() * cues.smileAmplitude();
            if (smileLeft > 0) {
                double ramp = Math.min(1, (smileAge + 1) / 2.0) * Math.min(1, smileLeft / 2.0);
                smile = rest + (smilePeak - rest) * ramp;
                smileLeft--;
                smileAge++;
            } else {
                smile = rest;
            }

            out.add(new FrameState(
                    0.05 * motion * yaw, 0.035 * motion * pitch, 0.045 * motion * roll,
                    0.012 * motion * dx, 0.012 * motion * dy, 1 + 0.02 * motion * zoom,
                    blink, mouthOpen, smile, gazeX, gazeY,
                    ambientBase + 0.05 * ambient, lightAngle + 0.6 * ambient, lightStrength));
        }
        return out;
    }
}
