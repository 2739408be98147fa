package org.plegdf.importer;

import java.util.List;

/**
 * What one layout found under the root.
 *
 * @param recordings the recordings, each with its videos
 * @param unpaired the files it could not pair
 * @param splitSource where the splits came from when recordings carry one: {@code official}
 *     (split folders) or {@code labels-file} (the labels table's split column)
 */
record Findings(List<Recording> recordings, List<Unpaired> unpaired, String splitSource) {}
