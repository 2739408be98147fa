package org.plegdf.face;

/** Where the eye centres an aligned crop was built from came from, best first. */
public enum EyeSource {
    /** dlib's 68-point landmarks of this frame: the centres of points 36-41 and 42-47. */
    LANDMARKS_68,
    /** The detector's own landmarks (YuNet): their position and spacing, the face's symmetry roll. */
    LANDMARKS,
    /** OpenCV's eye cascade found both eyes in this frame, confirmed by a second pass. */
    DETECTED,
    /** Video only: this face's eye geometry from recent frames where the eyes were found, moved with the box. */
    TRACKED,
    /** Typical eye positions in a detector box (see {@link FaceGeometry}), turned to the face's symmetry roll: no eyes found yet. */
    ESTIMATED;

    /** @return the lower-case name used in faces.csv */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
