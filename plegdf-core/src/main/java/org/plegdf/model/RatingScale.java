package org.plegdf.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * A clinical rating scale: its name, its maximum score, and its severity bands. Carried in every
 * model's configuration so reports speak the scale the model was trained on.
 *
 * @param name e.g. "BDI-II"
 * @param max the highest possible score (the minimum is 0)
 * @param bands consecutive bands covering [0, max]
 */
public record RatingScale(
        @JsonProperty("name") String name,
        @JsonProperty("max") double max,
        @JsonProperty("bands") List<Band> bands) {

    /**
     * A severity band: scores in [min, max] (inclusive) read as {@code label}.
     *
     * @param label e.g. "moderate"
     * @param min lowest score of the band
     * @param max highest score of the band
     */
    public record Band(
            @JsonProperty("label") String label,
            @JsonProperty("min") double min,
            @JsonProperty("max") double max) {}

    /** @return BDI-II (0-63): 0-13 minimal, 14-19 mild, 20-28 moderate, 29-63 severe */
    public static RatingScale bdi2() {
        return new RatingScale(
                "BDI-II",
                63,
                List.of(
                        new Band("minimal", 0, 13),
                        new Band("mild", 14, 19),
                        new Band("moderate", 20, 28),
                        new Band("severe", 29, 63)));
    }

    /** @return PHQ-8 (0-24): 0-4 none-minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-24 severe */
    public static RatingScale phq8() {
        return new RatingScale(
                "PHQ-8",
                24,
                List.of(
                        new Band("none-minimal", 0, 4),
                        new Band("mild", 5, 9),
                        new Band("moderate", 10, 14),
                        new Band("moderately severe", 15, 19),
                        new Band("severe", 20, 24)));
    }

    /** @return PHQ-9 (0-27): as PHQ-8, severe up to 27 */
    public static RatingScale phq9() {
        return new RatingScale(
                "PHQ-9",
                27,
                List.of(
                        new Band("none-minimal", 0, 4),
                        new Band("mild", 5, 9),
                        new Band("moderate", 10, 14),
                        new Band("moderately severe", 15, 19),
                        new Band("severe", 20, 27)));
    }

    /** @return HAM-D 17-item (0-52): 0-7 normal, 8-13 mild, 14-18 moderate, 19-22 severe, 23-52 very severe */
    public static RatingScale hamd() {
        return new RatingScale(
                "HAM-D",
                52,
                List.of(
                        new Band("normal", 0, 7),
                        new Band("mild", 8, 13),
                        new Band("moderate", 14, 18),
                        new Band("severe", 19, 22),
                        new Band("very severe", 23, 52)));
    }

    /**
     * @param name a scale name (BDI-II, PHQ-8, PHQ-9, HAM-D; case and dashes ignored)
     * @return the scale
     */
    public static RatingScale byName(String name) {
        String k = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (k) {
            case "bdi", "bdiii", "bdi2" -> bdi2();
            case "phq8" -> phq8();
            case "phq9" -> phq9();
            case "hamd", "hamd17", "hdrs" -> hamd();
            default -> throw new IllegalArgumentException(
                    "unknown rating scale '" + name + "' (choose BDI-II, PHQ-8, PHQ-9 or HAM-D)");
        };
    }

    /**
     * @param score a score on this scale (clamped to [0, max])
     * @return the label of the band that holds the score rounded to the nearest integer
     */
    public String bandOf(double score) {
        double s = Math.round(Math.max(0, Math.min(max, score)));
        for (Band b : bands) {
            if (s >= b.min() && s <= b.max()) {
                return b.label();
            }
        }
        return bands.get(bands.size() - 1).label();
    }

    /**
     * @param label a band's label
     * @return its position in the band list (0 = the mildest), or -1 when the scale has no such band
     */
    public int indexOf(String label) {
        for (int i = 0; i < bands.size(); i++) {
            if (bands.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /** @throws IllegalArgumentException when bands do not cover [0, max] in order */
    public void validate() {
        if (!(max > 0) || bands == null || bands.isEmpty()) {
            throw new IllegalArgumentException("scale '" + name + "' needs max > 0 and at least one band");
        }
        double next = 0;
        for (Band b : bands) {
            if (b.min() != next || b.max() < b.min()) {
                throw new IllegalArgumentException("scale '" + name + "': bands must be consecutive from 0, band '"
                        + b.label() + "' starts at " + b.min() + " instead of " + next);
            }
            next = b.max() + 1;
        }
        if (next - 1 != max) {
            throw new IllegalArgumentException("scale '" + name + "': bands end at " + (next - 1) + " but max is " + max);
        }
    }
}
