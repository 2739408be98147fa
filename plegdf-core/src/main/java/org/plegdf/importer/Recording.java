package org.plegdf.importer;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.plegdf.data.Split;

/**
 * One recording session of one subject, with its score: one video, or for AVEC2014 the Freeform
 * and the Northwind video, which share the recording's label and split.
 *
 * @param id the recording's id, e.g. {@code 203_1}
 * @param subject the person recorded
 * @param split the split its source gives it, or empty when the source has no splits
 * @param label its score, empty when unlabelled
 * @param labelMissing true when the source has per-recording label files and this one's was not
 *     found (as opposed to a score deliberately left empty in a labels table)
 * @param videos its videos, at least one
 */
record Recording(String id, String subject, Optional<Split> split, OptionalDouble label, boolean labelMissing, List<FoundVideo> videos) {
    Recording {
        videos = List.copyOf(videos);
        if (videos.isEmpty()) {
            throw new IllegalArgumentException("recording " + id + " has no video");
        }
    }

    /** @return a copy in another split */
    Recording withSplit(Split s) {
        return new Recording(id, subject, Optional.of(s), label, labelMissing, videos);
    }
}
