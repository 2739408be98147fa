package org.plegdf.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.importer.SubjectFolds;
import org.plegdf.model.MeanPredictorCheck;
import org.plegdf.model.ModelConfig;
import org.plegdf.store.RunFiles;
import org.plegdf.store.RunLock;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.FileTrees;
import org.plegdf.util.Json;
import org.plegdf.util.NanAsNull;
import org.plegdf.util.PlegdfException;

/**
 * Subject-grouped k-fold cross-validation, for datasets too small for one dev split: the train
 * and dev videos are pooled and dealt into K folds by subject (no subject in two folds), each fold
 * is held out once while the others train, as {@code train --fold i} does, in {@code OUT/fold-i}.
 * The test split is not used. Writes {@code OUT/folds.csv} (the folds in use) and, at the end,
 * {@code OUT/cv.json} (docs/schemas/cv.schema.json). Re-running resumes: finished folds made with
 * the same settings are reused, an interrupted one continues from its last complete epoch, and a
 * fold or a fold assignment made otherwise is refused (or, with {@code force}, trained again). The
 * output folder is locked while it runs.
 */
public final class CrossValidation {
    /** The result file in the output folder. */
    public static final String RESULT = "cv.json";
    /** Name of fold i's run folder is this prefix and i. */
    public static final String FOLD_DIR = "fold-";

    private CrossValidation() {}

    /**
     * The folds a cross-validation uses.
     *
     * @param foldOf each train and dev video id's fold, 1 to k
     * @param k the number of folds
     * @param source where they come from, in words
     * @param file the dataset's folds.csv they were read from, or null when made here
     */
    public record Plan(Map<String, Integer> foldOf, int k, String source, Path file) {}

    /**
     * One fold's held-out figures, video level, on the labels' scale.
     *
     * @param fold the fold (1-based)
     * @param videos labelled held-out videos
     * @param rmse RMSE of the model selected on them (the best dev epoch, as {@code train} keeps it)
     * @param mae its MAE
     * @param pcc its Pearson's r (NaN when undefined; null in JSON)
     * @param ccc its Lin's CCC (NaN when undefined; null in JSON)
     * @param baselineRmse RMSE of the mean predictor of the fold's training labels
     * @param beatsMeanPredictor whether rmse is below baselineRmse
     * @param epoch the selected epoch
     * @param lastEpochRmse RMSE of the last epoch's model: no epoch chosen on the held-out videos
     */
    public record FoldResult(
            @JsonProperty("fold") int fold,
            @JsonProperty("videos") int videos,
            @JsonProperty("rmse") double rmse,
            @JsonProperty("mae") double mae,
            @JsonProperty("pcc") @JsonSerialize(using = NanAsNull.Writer.class) double pcc,
            @JsonProperty("ccc") @JsonSerialize(using = NanAsNull.Writer.class) double ccc,
            @JsonProperty("baseline_rmse") double baselineRmse,
            @JsonProperty("beats_mean_predictor") boolean beatsMeanPredictor,
            @JsonProperty("epoch") int epoch,
            @JsonProperty("last_epoch_rmse") double lastEpochRmse) {

        /** @return rmse against the mean predictor's */
        public MeanPredictorCheck meanPredictorCheck() {
            return new MeanPredictorCheck(rmse, baselineRmse);
        }
    }

    /**
     * The mean or the sample standard deviation of the folds' figures. A correlation undefined in a
     * fold is left out of its mean; a figure undefined in every fold is NaN (null in JSON).
     *
     * @param rmse of the folds' RMSE
     * @param mae of their MAE
     * @param pcc of their Pearson's r
     * @param ccc of their CCC
     * @param baselineRmse of their mean-predictor RMSE
     * @param lastEpochRmse of their last-epoch RMSE
     * @param beatsMeanPredictor for the mean: whether the mean RMSE is below the mean of the
     *     mean-predictor RMSEs; null (absent) for the standard deviation
     */
    public record Summary(
            @JsonProperty("rmse") @JsonSerialize(using = NanAsNull.Writer.class) double rmse,
            @JsonProperty("mae") @JsonSerialize(using = NanAsNull.Writer.class) double mae,
            @JsonProperty("pcc") @JsonSerialize(using = NanAsNull.Writer.class) double pcc,
            @JsonProperty("ccc") @JsonSerialize(using = NanAsNull.Writer.class) double ccc,
            @JsonProperty("baseline_rmse") @JsonSerialize(using = NanAsNull.Writer.class) double baselineRmse,
            @JsonProperty("last_epoch_rmse") @JsonSerialize(using = NanAsNull.Writer.class) double lastEpochRmse,
            @JsonProperty("beats_mean_predictor") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean beatsMeanPredictor) {}

    /**
     * The content of cv.json.
     *
     * @param data the dataset's manifest
     * @param scale the labels' rating scale
     * @param foldsFrom where the folds came from, in words
     * @param folds one result per fold, in fold order
     * @param mean the folds' mean
     * @param std the folds' sample standard deviation
     */
    public record Report(
            @JsonProperty("data") String data,
            @JsonProperty("scale") String scale,
            @JsonProperty("folds_from") String foldsFrom,
            @JsonProperty("folds") List<FoldResult> folds,
            @JsonProperty("mean") Summary mean,
            @JsonProperty("std") Summary std) {

        /** @return the mean RMSE against the mean of the folds' mean-predictor RMSEs */
        public MeanPredictorCheck meanPredictorCheck() {
            return new MeanPredictorCheck(mean.rmse(), mean.baselineRmse());
        }
    }

    /**
     * The folds to use: the dataset's {@code folds.csv} when it has K folds, otherwise K
     * subject-grouped folds of the pooled train and dev videos made from the seed
     * ({@link SubjectFolds#assign}).
     *
     * @param data the dataset
     * @param k the number of folds
     * @param seed the seed of the assignment
     * @return the folds
     */
    public static Plan plan(Manifest data, int k, long seed) {
        Path own = data.root().resolve(Folds.FILE_NAME);
        String made = String.format(Locale.ROOT, "%d subject-grouped folds of the train and dev videos made from seed %d", k, seed);
        if (Files.isRegularFile(own)) {
            Map<String, Integer> folds = Folds.read(own);
            int has = folds.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (has == k && k >= 2) {
                return new Plan(folds, k, own + " (" + k + " folds, as plegdf import --folds wrote them)", own);
            }
            return new Plan(generate(data, k, seed), k, made + " (" + own + " has " + has + " folds, not " + k + ")", null);
        }
        return new Plan(generate(data, k, seed), k, made, null);
    }

    private static Map<String, Integer> generate(Manifest data, int k, long seed) {
        List<VideoRecord> pooled = data.records().stream().filter(r -> r.split() != Split.TEST).toList();
        Map<String, Integer> videosPerSubject = new TreeMap<>();
        pooled.forEach(r -> videosPerSubject.merge(r.subjectId(), 1, Integer::sum));
        Map<String, Integer> subjectFold = SubjectFolds.assign(videosPerSubject, k, seed);
        Map<String, Integer> foldOf = new LinkedHashMap<>();
        pooled.forEach(r -> foldOf.put(r.videoId(), subjectFold.get(r.subjectId())));
        return foldOf;
    }

    /**
     * Trains (or reuses, or resumes) every fold and writes cv.json.
     *
     * @param data the dataset
     * @param model the network
     * @param training the training settings, shared by the folds (their fold is set per fold)
     * @param k the number of folds
     * @param out the output folder
     * @param force train again the folds (or a fold assignment) made with other settings
     * @param progress told a line as each fold starts
     * @return the report (also written as cv.json)
     */
    public static Report run(Manifest data, ModelConfig model, TrainConfig training, int k, Path out, boolean force,
            Consumer<String> progress) {
        if (training.fold != null || training.foldsFile != null) {
            throw new PlegdfException(ExitCodes.USAGE, "cv holds out each fold in turn; the configuration's training.fold / folds_file are for train");
        }
        RunFiles.refuseForeign(out, out.resolve(Folds.FILE_NAME), "cross-validation");
        Plan plan = plan(data, k, training.seed);
        Path foldsFile = out.resolve(Folds.FILE_NAME).toAbsolutePath();
        List<Manifest> foldData = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            foldData.add(checked(Folds.apply(data, plan.foldOf(), i, plan.file() != null ? plan.file() : foldsFile), i, plan));
        }
        try (RunLock lock = RunLock.acquire(out, "cross-validation")) {
            keepOrReplaceFolds(out, plan, foldsFile, force);
            List<FoldResult> rows = new ArrayList<>();
            for (int i = 1; i <= k; i++) {
                Manifest m = foldData.get(i - 1);
                progress.accept(String.format(Locale.ROOT, "== fold %d/%d: %d held-out videos of %d subjects ==", i, k,
                        m.labelled(Split.DEV).size(), m.subjects(Split.DEV).size()));
                TrainConfig tc = training.copy();
                tc.fold = i;
                tc.foldsFile = foldsFile.toString();
                Path dir = out.resolve(FOLD_DIR + i);
                TrainingRun.Result r = Experiment.trainOrReuse(m, model, tc, dir, force);
                if (r.seconds() == 0) {
                    progress.accept("fold " + i + ": finished earlier with these settings, reused (" + dir + ")");
                }
                rows.add(foldResult(i, r, dir));
            }
            Report report = new Report(data.file().toAbsolutePath().toString(), model.scale.name(), plan.source(), rows,
                    summary(rows, true), summary(rows, false));
            Json.write(out.resolve(RESULT), report);
            return report;
        }
    }

    /** Refuses before anything trains a fold that could not: too few labelled videos on either side. */
    private static Manifest checked(Manifest m, int fold, Plan plan) {
        int dev = m.labelled(Split.DEV).size();
        int train = m.labelled(Split.TRAIN).size();
        if (dev < 1 || train < 2) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, m.file() + ": fold " + fold + " of " + plan.source() + " has " + dev
                    + " labelled held-out and " + train + " labelled training video(s); each fold needs at least 1 and 2 (fewer folds?)");
        }
        return m;
    }

    /**
     * Writes the folds in use as out/folds.csv; when one is there already with other folds, refuses
     * naming the first difference, or with {@code force} clears every fold run made with them.
     */
    private static void keepOrReplaceFolds(Path out, Plan plan, Path foldsFile, boolean force) {
        if (Files.isRegularFile(foldsFile)) {
            Map<String, Integer> recorded = Folds.read(foldsFile);
            Optional<String> difference = firstDifference(recorded, plan.foldOf());
            if (difference.isEmpty()) {
                return;
            }
            if (!force) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": holds a cross-validation with other folds ("
                        + difference.get() + "; now: " + plan.source() + "); use another --out, or --force to train it again");
            }
            clearFoldRuns(out);
        }
        Folds.write(foldsFile, plan.foldOf());
    }

    private static Optional<String> firstDifference(Map<String, Integer> recorded, Map<String, Integer> now) {
        int kRecorded = recorded.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int kNow = now.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (kRecorded != kNow) {
            return Optional.of(kRecorded + " folds recorded, " + kNow + " asked");
        }
        for (Map.Entry<String, Integer> e : now.entrySet()) {
            Integer r = recorded.get(e.getKey());
            if (!Objects.equals(r, e.getValue())) {
                return Optional.of("video '" + e.getKey() + "' is in fold " + (r == null ? "none" : r) + " there, fold " + e.getValue() + " now");
            }
        }
        return recorded.keySet().stream().filter(id -> !now.containsKey(id)).findFirst()
                .map(id -> "video '" + id + "' is in a fold there and not in the dataset now");
    }

    private static void clearFoldRuns(Path out) {
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(FOLD_DIR) && Files.isDirectory(p)).toList()) {
                new RunFiles(p).clear();
                new RunFiles(p).removeIfEmpty();
            }
            FileTrees.deleteTree(out.resolve(RESULT));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot clear the old folds: " + e.getMessage(), e);
        }
    }

    private static FoldResult foldResult(int fold, TrainingRun.Result r, Path dir) {
        Metrics best = r.bestDev();
        List<History.Row> history = Checkpoint.latest(dir).map(c -> Checkpoint.readState(c).history()).orElse(List.of());
        double last = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).dev().rmse();
        return new FoldResult(fold, best.n(), best.rmse(), best.mae(), best.pcc(), best.ccc(), best.baselineRmse(),
                r.meanPredictorCheck().beaten(), r.bestEpoch(), last);
    }

    private static Summary summary(List<FoldResult> rows, boolean mean) {
        Summary s = new Summary(stat(rows, FoldResult::rmse, mean), stat(rows, FoldResult::mae, mean), stat(rows, FoldResult::pcc, mean),
                stat(rows, FoldResult::ccc, mean), stat(rows, FoldResult::baselineRmse, mean), stat(rows, FoldResult::lastEpochRmse, mean), null);
        return mean ? new Summary(s.rmse(), s.mae(), s.pcc(), s.ccc(), s.baselineRmse(), s.lastEpochRmse(),
                new MeanPredictorCheck(s.rmse(), s.baselineRmse()).beaten()) : s;
    }

    /** The mean, or the sample (n - 1) standard deviation, of the defined values; NaN when too few. */
    static double stat(List<FoldResult> rows, ToDoubleFunction<FoldResult> f, boolean mean) {
        double[] v = rows.stream().mapToDouble(f).filter(Double::isFinite).toArray();
        if (v.length == 0 || (!mean && v.length < 2)) {
            return Double.NaN;
        }
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        if (mean) {
            return m;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /**
     * @param r a report
     * @return the table the command prints: one row per fold, the mean and the standard deviation,
     *     then one warning line per fold that did not beat the mean predictor and, last, one for the
     *     mean when it did not
     */
    public static String table(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "cross-validation, %d folds: %s; held-out videos, video level, %s points%n",
                r.folds().size(), r.foldsFrom(), r.scale()));
        sb.append(String.format(Locale.ROOT, "%-5s %6s %7s %7s %7s %7s %15s %8s %6s %16s%n",
                "fold", "videos", "RMSE", "MAE", "PCC", "CCC", "mean predictor", "beats it", "epoch", "last-epoch RMSE"));
        for (FoldResult f : r.folds()) {
            sb.append(String.format(Locale.ROOT, "%-5d %6d %7.2f %7.2f %7s %7s %15.2f %8s %6d %16s%n", f.fold(), f.videos(), f.rmse(), f.mae(),
                    f3(f.pcc()), f3(f.ccc()), f.baselineRmse(), f.beatsMeanPredictor() ? "yes" : "NO", f.epoch(), f2(f.lastEpochRmse())));
        }
        for (Summary s : List.of(r.mean(), r.std())) {
            boolean isMean = s == r.mean();
            sb.append(String.format(Locale.ROOT, "%-5s %6s %7s %7s %7s %7s %15s %8s %6s %16s%n", isMean ? "mean" : "std", "",
                    f2(s.rmse()), f2(s.mae()), f3(s.pcc()), f3(s.ccc()), f2(s.baselineRmse()),
                    isMean ? (s.beatsMeanPredictor() ? "yes" : "NO") : "", "", f2(s.lastEpochRmse())));
        }
        sb.append("RMSE..CCC: the model selected on each fold's own held-out videos (the best dev epoch, as train keeps it); "
                + "last-epoch RMSE: the model after the last epoch, chosen on nothing\n");
        for (FoldResult f : r.folds()) {
            f.meanPredictorCheck().warning("fold " + f.fold() + "'s held-out RMSE").ifPresent(w -> sb.append(w).append('\n'));
        }
        r.meanPredictorCheck().warning("the mean held-out RMSE over the folds").ifPresent(w -> sb.append(w).append('\n'));
        return sb.toString();
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
