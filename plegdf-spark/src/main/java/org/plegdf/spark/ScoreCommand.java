package org.plegdf.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.plegdf.util.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plegdf-spark score}: one table of predictions for a cohort of videos. */
@Command(name = "score", mixinStandardHelpOptions = true, versionProvider = PlegdfSpark.Version.class,
        description = {"Score every video of a cohort on Spark: predictions.parquet and predictions.csv in --out, one row per video.",
            "Reruns keep finished rows and score only new or failed videos (--rescore redoes all)."})
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "A .plegdf bundle, a model folder or a training run folder (on storage every executor reads).")
    Path model;

    @Option(names = "--input", required = true, description = "A folder of videos (searched recursively) or a manifest .csv (columns path, optionally video_id).")
    Path input;

    @Option(names = "--out", required = true, description = "Output folder (on storage the driver and every executor share).")
    Path out;

    @Option(names = "--master", description = "Spark master URL, e.g. spark://host:7077 or local[4] (default: local[*], or spark-submit's).")
    String master;

    @Option(names = "--rescore", description = "Score every video again, even those finished before.")
    boolean rescore;

    @Option(names = "--write-reports", description = "Also write reports/VIDEO_ID/prediction.json and report.html (with face images).")
    boolean writeReports;

    @Option(names = "--partitions", defaultValue = "0", description = "Tasks to split the videos into (default: min(videos, 4 x cores)).")
    int partitions;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, as spark-submit's --conf (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--no-progress", description = "No Spark progress bar in local mode.")
    boolean noProgress;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.start("plegdf-spark score", master, conf, !noProgress);
        try {
            ScoringSummary s = new CohortScoring(spark).run(new ScoreRequest(model, input, out, rescore, writeReports, partitions));
            spec.commandLine().getErr().println("plegdf-spark: " + s.detail());
            spec.commandLine().getErr().println("plegdf-spark: " + out.resolve("predictions.parquet") + ", " + out.resolve("predictions.csv"));
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().println(s.line());
            spec.commandLine().getOut().flush();
        } finally {
            spark.stop();
        }
        return ExitCodes.OK;
    }
}
