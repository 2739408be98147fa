package org.plegdf.face;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Follows the one interviewee through the sampled frames of a video:
 *
 * <ul>
 *   <li>the track starts on the largest face;
 *   <li>later frames keep the candidate that overlaps the track most; a face elsewhere (an
 *       interviewer walking past, a poster, a false find) only takes over when it is at least as
 *       large as the track or the track has been lost for {@value #STALE_AFTER} sampled frames;
 *   <li>box and eyes are smoothed (exponentially, with a dead band scaled to the face) so that crops
 *       do not jitter, but follow real head motion at once;
 *   <li>the eye geometry relative to the box is remembered from frames where the eyes were found,
 *       and used when they are not (blinks, glasses glare) before falling back on
 *       {@link FaceGeometry}.
 * </ul>
 *
 * One instance per video; not thread-safe.
 */
public final class SubjectTracker {
    /** Sampled frames without the face after which the track may move to another face. */
    static final int STALE_AFTER = 10;
    /** A candidate must overlap the track this much (IoU) to be the same face. */
    private static final double SAME_FACE_IOU = 0.25;
    /** Eye geometry learnt from detected eyes expires after this many sampled frames. */
    private static final int EYES_VALID_FOR = 30;
    /** Weight of a new observation when the change is small (jitter). */
    private static final double SMOOTH = 0.4;
    /** Changes larger than this fraction of the face size are real motion and followed at once. */
    private static final double DEAD_BAND = 0.06;

    private FaceBox track;
    private int missed;
    private int hits;
    private EyePair smoothedEyes;
    /** Eyes in the box frame (origin at the box centre, unit = box side, levelled for the box's roll), from detected eyes. */
    private EyePair boxFrameEyes;
    private int sinceEyes = Integer.MAX_VALUE;
    /** The face's roll in the last frame it was aligned in, or NaN. */
    private double lastRoll = Double.NaN;

    /** @return the current smoothed face box, if the face is being followed */
    public Optional<FaceBox> current() {
        return Optional.ofNullable(track);
    }

    /** @return whether a recent track exists (worth a cheap search around it) */
    public boolean isFollowing() {
        return track != null && missed < STALE_AFTER;
    }

    /**
     * @return whether the face was found in this sampled frame and the one before it at the same
     *     place: a false find (texture that looks like a face) rarely survives two frames
     */
    public boolean isConfirmed() {
        return track != null && missed == 0 && hits >= 2;
    }

    /**
     * @return the face's roll in the last frame it was aligned in, unless the face has been lost
     *     or replaced since (a cheap, narrow roll search can start from it)
     */
    public OptionalDouble recentRoll() {
        return Double.isNaN(lastRoll) ? OptionalDouble.empty() : OptionalDouble.of(lastRoll);
    }

    /**
     * Picks the interviewee among this frame's candidates and updates the smoothed box.
     *
     * @param candidates faces found in the frame
     * @return the smoothed box of the interviewee, or empty when the frame has no usable face
     */
    public Optional<FaceBox> update(List<FaceBox> candidates) {
        FaceBox chosen = choose(candidates);
        if (chosen == null) {
            missed++;
            lastRoll = Double.NaN;
            return Optional.empty();
        }
        if (track == null || chosen.iou(track) < SAME_FACE_IOU) {
            // A new face: start over, nothing from the old one carries.
            track = chosen;
            smoothedEyes = null;
            boxFrameEyes = null;
            sinceEyes = Integer.MAX_VALUE;
            lastRoll = Double.NaN;
            hits = 1;
        } else {
            track = smooth(track, chosen);
            hits = missed == 0 ? hits + 1 : 1;
        }
        missed = 0;
        return Optional.of(track);
    }

    private FaceBox choose(List<FaceBox> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        FaceBox largest = candidates.stream().max(Comparator.comparingDouble(FaceBox::area)).orElseThrow();
        if (track == null) {
            return largest;
        }
        FaceBox overlapping = candidates.stream().max(Comparator.comparingDouble(c -> c.iou(track))).orElseThrow();
        if (overlapping.iou(track) >= SAME_FACE_IOU) {
            return overlapping;
        }
        if (missed >= STALE_AFTER || largest.size() >= track.size()) {
            return largest;
        }
        return null;
    }

    private static FaceBox smooth(FaceBox old, FaceBox now) {
        double size = old.size();
        double cx = follow(old.centerX(), now.centerX(), size);
        double cy = follow(old.centerY(), now.centerY(), size);
        double w = follow(old.width(), now.width(), size);
        double h = follow(old.height(), now.height(), size);
        return new FaceBox(cx - w / 2, cy - h / 2, w, h, now.angle(), now.score(), now.eyes());
    }

    /** Exponential smoothing inside the dead band, immediate follow outside it. */
    private static double follow(double old, double now, double scale) {
        return Math.abs(now - old) > DEAD_BAND * scale ? now : old + SMOOTH * (now - old);
    }

    /**
     * Records this frame's eyes and returns the smoothed ones to align with.
     *
     * @param box the smoothed box of this frame, its angle the face's roll in this frame
     * @param found eyes from the detector's landmarks or the eye cascade, if any
     * @param foundSource the source of {@code found}
     * @return the eyes to use and their source
     */
    public TrackedEyes eyes(FaceBox box, Optional<EyePair> found, EyeSource foundSource) {
        lastRoll = box.angle();
        EyePair raw;
        EyeSource source;
        if (found.isPresent()) {
            raw = found.get();
            source = foundSource;
            boxFrameEyes = raw.map(toBoxFrame(box));
            sinceEyes = 0;
        } else if (boxFrameEyes != null && sinceEyes < EYES_VALID_FOR) {
            raw = boxFrameEyes.map(toBoxFrame(box).inverse());
            source = EyeSource.TRACKED;
            sinceEyes++;
        } else {
            raw = FaceGeometry.estimate(box);
            source = EyeSource.ESTIMATED;
        }
        if (smoothedEyes == null) {
            smoothedEyes = raw;
        } else {
            double scale = raw.distance();
            smoothedEyes = new EyePair(
                    new Point2(follow(smoothedEyes.left().x(), raw.left().x(), scale), follow(smoothedEyes.left().y(), raw.left().y(), scale)),
                    new Point2(follow(smoothedEyes.right().x(), raw.right().x(), scale), follow(smoothedEyes.right().y(), raw.right().y(), scale)));
        }
        return new TrackedEyes(smoothedEyes, source);
    }

    /** Eyes kept in this frame move and turn with the head: the roll comes from each frame's own estimate. */
    private static Affine toBoxFrame(FaceBox box) {
        return Affine.levelling(box.centerX(), box.centerY(), box.angle(), 1 / box.size(), 0, 0);
    }

    /**
     * The eyes to align a frame with.
     *
     * @param eyes smoothed eye centres in the frame
     * @param source where this frame's eye observation came from
     */
    public record TrackedEyes(EyePair eyes, EyeSource source) {}
}
