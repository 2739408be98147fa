package org.plegdf.importer;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AVEC naming of a recording's files: {@code <subject>_<session>_...}, e.g.
 * {@code 203_1_Freeform_video.mp4} (subject 203, session 1) and its label file
 * {@code 203_1_Depression.csv}.
 *
 * @param subject the subject number as written, e.g. "203"
 * @param session the session number as written, e.g. "1"
 * @param rest what follows {@code <subject>_<session>_}, possibly empty
 */
record AvecName(String subject, String session, String rest) {
    /** AVEC subject and session ids are numbers; requiring that keeps stray files from matching. */
    private static final Pattern RECORDING = Pattern.compile("(\\d+)_(\\d+)(?:_(.*))?");
    private static final Pattern LABEL = Pattern.compile("(\\d+)_(\\d+)_depression\\.csv", Pattern.CASE_INSENSITIVE);

    /**
     * @param stem a file name without extension, or a folder name
     * @return its parts, or empty when it does not start with {@code <subject>_<session>}
     */
    static Optional<AvecName> parse(String stem) {
        Matcher m = RECORDING.matcher(stem);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AvecName(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3)));
    }

    /**
     * @param fileName a file name
     * @return the recording id ({@code <subject>_<session>}) of a label file name such as
     *     {@code 203_1_Depression.csv} (any case), or empty for any other name
     */
    static Optional<String> labelRecording(String fileName) {
        Matcher m = LABEL.matcher(fileName);
        return m.matches() ? Optional.of(m.group(1) + "_" + m.group(2)) : Optional.empty();
    }

    /** @return true when the name is an AVEC label file name */
    static boolean isLabelFile(String fileName) {
        return LABEL.matcher(fileName).matches();
    }

    /** @return the recording id, {@code <subject>_<session>} */
    String recording() {
        return subject + "_" + session;
    }

    /**
     * @return the AVEC2014 task named by one word of the rest of the name (Freeform or Northwind,
     *     any case), or empty when neither or both are named
     */
    Optional<String> task() {
        return taskIn(rest);
    }

    /**
     * @param text a name or a folder name
     * @return Freeform or Northwind (canonical spelling) when exactly one of them is a word of
     *     {@code text}, in any case; otherwise empty
     */
    static Optional<String> taskIn(String text) {
        boolean freeform = false;
        boolean northwind = false;
        for (String word : text.split("[^A-Za-z0-9]+")) {
            String w = word.toLowerCase(Locale.ROOT);
            freeform |= w.equals("freeform");
            northwind |= w.equals("northwind");
        }
        if (freeform == northwind) {
            return Optional.empty();
        }
        return Optional.of(freeform ? "Freeform" : "Northwind");
    }
}
