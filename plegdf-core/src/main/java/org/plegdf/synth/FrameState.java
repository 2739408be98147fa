package org.plegdf.synth;

/**
 * Everything that changes from one frame to the next: head pose, lighting, blinks, speech, smiles
 * and gaze. Angles in radians, lengths in fractions of the crop side.
 *
 * @param yaw head turn (features shift sideways)
 * @param pitch head nod (features shift up or down)
 * @param roll in-plane rotation left after alignment
 * @param dx horizontal shift left after alignment
 * @param dy vertical shift left after alignment
 * @param zoom scale factor left after alignment (around 1)
 * @param blink extra upper-lid closure, 0 (open) to 1 (closed)
 * @param mouthOpen lip separation
 * @param smile smile intensity, 0 to about 1
 * @param gazeX horizontal gaze, -1 (left) to 1 (right), in eye half-widths
 * @param gazeY vertical gaze jitter, in eye half-heights (the cue adds to it)
 * @param ambient overall brightness factor
 * @param lightAngle direction the key light comes from
 * @param lightStrength strength of the light-to-shadow gradient
 */
record FrameState(
        double yaw, double pitch, double roll, double dx, double dy, double zoom,
        double blink, double mouthOpen, double smile, double gazeX, double gazeY,
        double ambient, double lightAngle, double lightStrength) {}
