package org.plegdf.importer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plegdf.data.Split;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Refuses a split in which a subject is on both sides: a model evaluated on a person it was
 * trained on looks better than it is. Says which subject, which splits and which files.
 */
final class SubjectLeakCheck {
    private SubjectLeakCheck() {}

    /**
     * @param recordings recordings, each with a split
     * @param trainDevHint what the user can do when the subject is in train and dev, appended to
     *     the message (a subject in test and elsewhere needs the split itself fixed)
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} on the first subject found in two splits
     */
    static void check(List<Recording> recordings, String trainDevHint) {
        Map<String, Recording> first = new HashMap<>();
        for (Recording r : recordings) {
            Recording other = first.putIfAbsent(r.subject(), r);
            if (other != null && other.split().orElseThrow() != r.split().orElseThrow()) {
                Split a = other.split().get();
                Split b = r.split().get();
                throw new PlegdfException(ExitCodes.BAD_DATASET, "subject '" + r.subject() + "' is in " + a.id() + " ("
                        + other.videos().get(0).path() + ") and in " + b.id() + " (" + r.videos().get(0).path()
                        + "); all recordings of a subject must be in one split"
                        + (a != Split.TEST && b != Split.TEST ? trainDevHint : ""));
            }
        }
    }
}
