package org.plegdf.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.plegdf.data.Split;
import org.plegdf.model.RatingScale;

/**
 * The table {@code plegdf import} prints (and keeps as {@code import-report.txt}): recordings,
 * videos and subjects per split, labelled and unlabelled recordings, label range and mean, how the
 * splits were made, and every file that could not be paired, each named with the reason.
 */
final class ImportReport {
    private static final String ROW = "%-6s %10s %7s %9s %9s %11s  %-11s %s";

    private final List<String> lines = new ArrayList<>();

    /**
     * @param req the request
     * @param recordings the imported recordings, each with its final split
     * @param splits the lines that say how the splits were made
     * @param foldOf each subject's fold, or null without folds
     * @param unpaired the files that could not be paired
     */
    ImportReport(ImportRequest req, List<Recording> recordings, List<String> splits, Map<String, Integer> foldOf, List<Unpaired> unpaired) {
        RatingScale scale = req.scale();
        lines.add("import " + req.layout().id() + " from " + req.root() + (req.labels() == null ? "" : " (labels: " + req.labels() + ")")
                + ", scores on " + scale.name() + " (0-" + Scores.format(scale.max()) + ")");
        lines.add(String.format(Locale.ROOT, ROW, "split", "recordings", "videos", "subjects", "labelled", "unlabelled", "range", "mean").stripTrailing());
        Map<Split, List<Recording>> bySplit = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            bySplit.put(s, new ArrayList<>());
        }
        recordings.forEach(r -> bySplit.get(r.split().orElseThrow()).add(r));
        for (Split s : Split.values()) {
            lines.add(row(s.id(), bySplit.get(s)));
        }
        lines.add(row("total", recordings));
        lines.addAll(splits);
        if (foldOf != null) {
            Map<Integer, List<Recording>> byFold = new TreeMap<>();
            for (Recording r : recordings) {
                Integer f = foldOf.get(r.subject());
                if (f != null && r.split().orElseThrow() != Split.TEST) {
                    byFold.computeIfAbsent(f, k -> new ArrayList<>()).add(r);
                }
            }
            byFold.forEach((f, rs) -> lines.add(String.format(Locale.ROOT, "  fold %d: %d recordings, %d videos, %d subjects, %d labelled",
                    f, rs.size(), videos(rs), subjects(rs), count(rs, r -> r.label().isPresent()))));
        }
        long testUnlabelled = count(bySplit.get(Split.TEST), r -> r.label().isEmpty());
        if (testUnlabelled > 0) {
            lines.add("note: " + testUnlabelled + " unlabelled test recording(s) kept: predict works on them; evaluate leaves them out of its metrics");
        }
        long otherUnlabelled = count(bySplit.get(Split.TRAIN), r -> r.label().isEmpty()) + count(bySplit.get(Split.DEV), r -> r.label().isEmpty());
        if (otherUnlabelled > 0) {
            lines.add("note: " + otherUnlabelled + " unlabelled train/dev recording(s) kept; train leaves them out");
        }
        if (!unpaired.isEmpty()) {
            lines.add("could not pair " + unpaired.size() + " file(s):");
            unpaired.forEach(u -> lines.add("  " + u.where() + ": " + u.reason()));
        }
    }

    private static String row(String name, List<Recording> rs) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int n = 0;
        for (Recording r : rs) {
            if (r.label().isPresent()) {
                double v = r.label().getAsDouble();
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                n++;
            }
        }
        String range = n == 0 ? "-" : min == max ? Scores.format(min) : Scores.format(min) + "-" + Scores.format(max);
        String mean = n == 0 ? "-" : String.format(Locale.ROOT, "%.2f", sum / n);
        return String.format(Locale.ROOT, ROW, name, rs.size(), videos(rs), subjects(rs), n, rs.size() - n, range, mean).stripTrailing();
    }

    private static int videos(List<Recording> rs) {
        return rs.stream().mapToInt(r -> r.videos().size()).sum();
    }

    private static int subjects(List<Recording> rs) {
        Set<String> s = new HashSet<>();
        rs.forEach(r -> s.add(r.subject()));
        return s.size();
    }

    private static long count(List<Recording> rs, Predicate<Recording> p) {
        return rs.stream().filter(p).count();
    }

    /**
     * @param line a line to add at the end, such as the files written
     */
    void add(String line) {
        lines.add(line);
    }

    /**
     * @param files files written
     * @return "wrote A, B, C"
     */
    static String wrote(List<Path> files) {
        StringBuilder sb = new StringBuilder("wrote ");
        for (int i = 0; i < files.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(files.get(i));
        }
        return sb.toString();
    }

    /** @return the report, one line per line, ending in a line break */
    String text() {
        return String.join("\n", lines) + "\n";
    }
}
