package org.plegdf.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** The source layouts {@code plegdf import} understands. */
public enum ImportLayout {
    /** AVEC 2013 depression sub-challenge: one video per recording. */
    AVEC2013("avec2013"),
    /** AVEC 2014: a Freeform and a Northwind video per recording, sharing its label. */
    AVEC2014("avec2014"),
    /** Faces already extracted by OpenFace: {@code <name>_aligned/} frame folders. */
    OPENFACE("openface"),
    /** A user's own study: a labels CSV naming videos or frame folders. */
    CSV("csv");

    private final String id;

    ImportLayout(String id) {
        this.id = id;
    }

    /** @return the name on the command line, e.g. avec2014 */
    public String id() {
        return id;
    }

    /**
     * @param text a layout name (case ignored)
     * @return the layout
     * @throws PlegdfException {@link ExitCodes#USAGE} naming the choices
     */
    public static ImportLayout parse(String text) {
        for (ImportLayout l : values()) {
            if (l.id.equals(text.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new PlegdfException(ExitCodes.USAGE, "unknown layout '" + text + "' (choose "
                + Arrays.stream(values()).map(ImportLayout::id).collect(Collectors.joining(", ")) + ")");
    }
}
