package org.plegdf.spark;

import java.io.Serializable;

/**
 * What every task of one scoring run needs to know (sent to the executors with the tasks).
 *
 * @param model the model path, absolute
 * @param modelName its file or folder name, for the rows
 * @param checksum its {@link ModelChecksum}
 * @param out the output folder, absolute (parts and reports are written there by the executors)
 * @param runId this run's id: a retried task keeps the rows its own run already finished
 * @param writeReports whether to write OUT/reports/VIDEO_ID/prediction.json and report.html
 */
public record ScoringJob(String model, String modelName, String checksum, String out, String runId, boolean writeReports)
        implements Serializable {}
