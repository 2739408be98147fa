package org.plegdf.face;

import java.util.Locale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** The face detectors plegdf can use. */
public enum DetectorKind {
    /** OpenCV's Haar cascade from the OpenCV jar (default; nothing to supply). */
    HAAR,
    /** OpenCV's YuNet CNN from a user-supplied ONNX file. */
    YUNET,
    /** MediaPipe's BlazeFace CNN, shipped in the jar, on ONNX Runtime; the Haar cascade where it finds nothing. */
    BLAZEFACE;

    /**
     * @param text {@code haar}, {@code yunet} or {@code blazeface}, any case
     * @return the kind
     */
    public static DetectorKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.USAGE, "unknown detector '" + text + "': use blazeface, haar or yunet");
        }
    }
}
