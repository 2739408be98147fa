package org.plegdf.spark;

import java.nio.file.Path;

/**
 * One {@code plegdf-spark score} run.
 *
 * @param model a .plegdf bundle, a model folder or a training run folder
 * @param input a videos folder or a manifest .csv
 * @param out the output folder (created; reused by reruns)
 * @param rescore score every video again, even those finished before
 * @param writeReports also write OUT/reports/VIDEO_ID/prediction.json and report.html
 * @param partitions tasks to split the videos into; 0 = min(videos, 4 x the cluster's cores)
 */
public record ScoreRequest(Path model, Path input, Path out, boolean rescore, boolean writeReports, int partitions) {}
