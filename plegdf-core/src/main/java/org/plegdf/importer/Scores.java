package org.plegdf.importer;

import java.util.Locale;
import java.util.regex.Pattern;
import org.plegdf.model.RatingScale;

/** Reading and printing scores on a rating scale. */
final class Scores {
    /** Plain decimal numbers only: no NaN, Infinity, hex or type suffixes that Java would accept. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Scores() {}

    /** @return true when {@code text} is a plain decimal number */
    static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches();
    }

    /**
     * @param value a score
     * @param scale its scale
     * @return null when the score lies in [0, max], else the problem, e.g.
     *     "score 70 is outside BDI-II (0-63; ...)"
     */
    static String outOfRange(double value, RatingScale scale) {
        if (value >= 0 && value <= scale.max()) {
            return null;
        }
        return "score " + format(value) + " is outside " + scale.name() + " (0-" + format(scale.max())
                + "; --scale or --scale-max sets the scale)";
    }

    /** @return the value without a trailing ".0" when whole, else with up to 2 decimals */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** @return text cut to 40 characters, for messages */
    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
