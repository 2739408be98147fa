package org.plegdf.importer;

import java.util.List;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** The rating scale of {@code import --scale NAME} or {@code --scale-max N}. */
public final class Scales {
    private static final List<RatingScale> KNOWN = List.of(RatingScale.bdi2(), RatingScale.phq8(), RatingScale.phq9(), RatingScale.hamd());

    private Scales() {}

    /**
     * @param name a scale name (BDI-II, PHQ-8, PHQ-9, HAM-D), or null
     * @param max a scale maximum, or null; 63, 24, 27 and 52 are BDI-II, PHQ-8, PHQ-9 and HAM-D
     *     with their bands, any other whole number N a scale "custom 0-N" with a single band
     * @return the scale; BDI-II when neither is given
     * @throws PlegdfException {@link ExitCodes#USAGE} for an unknown name, a bad maximum, or a
     *     name and a maximum that disagree
     */
    public static RatingScale resolve(String name, Double max) {
        RatingScale byName = null;
        if (name != null) {
            try {
                byName = RatingScale.byName(name);
            } catch (IllegalArgumentException e) {
                throw new PlegdfException(ExitCodes.USAGE, e.getMessage(), e);
            }
        }
        if (max == null) {
            return byName != null ? byName : RatingScale.bdi2();
        }
        if (!(max > 0) || max != Math.rint(max) || max > 1000) {
            throw new PlegdfException(ExitCodes.USAGE, "--scale-max " + Scores.format(max) + ": expected a whole number from 1 to 1000");
        }
        if (byName != null) {
            if (byName.max() != max) {
                throw new PlegdfException(ExitCodes.USAGE, "--scale " + byName.name() + " goes to " + Scores.format(byName.max())
                        + ", not --scale-max " + Scores.format(max));
            }
            return byName;
        }
        for (RatingScale s : KNOWN) {
            if (s.max() == max) {
                return s;
            }
        }
        String range = "0-" + Scores.format(max);
        return new RatingScale("custom " + range, max, List.of(new RatingScale.Band(range, 0, max)));
    }
}
