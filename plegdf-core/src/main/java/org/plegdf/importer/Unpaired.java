package org.plegdf.importer;

/**
 * A file import could not pair with the rest (a video without its label, a label without its
 * video, a name that does not follow the layout), and why. Each one is named in the report.
 *
 * @param where the file, or a labels file and line
 * @param reason why it could not be paired, and whether it was kept
 */
record Unpaired(String where, String reason) {}
