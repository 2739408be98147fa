package org.plegdf.data;

import java.util.Optional;

/** The three parts of a dataset: training, development (model selection) and testing. */
public enum Split {
    /** Videos the network is trained on. */
    TRAIN("train"),
    /** Videos the model is selected on. */
    DEV("dev"),
    /** Videos results are reported on. */
    TEST("test");

    private final String id;

    Split(String id) {
        this.id = id;
    }

    /** @return the name used in {@code manifest.csv}: train, dev or test */
    public String id() {
        return id;
    }

    /**
     * @param text a split name as written in a manifest (exact, lower case)
     * @return the split, or empty when the name is not one of train, dev, test
     */
    public static Optional<Split> parse(String text) {
        for (Split s : values()) {
            if (s.id.equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
