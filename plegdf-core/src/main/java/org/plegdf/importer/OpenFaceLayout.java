package org.plegdf.importer;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.MediaKind;
import org.plegdf.data.Split;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Faces already extracted by OpenFace's FeatureExtraction: one {@code <name>_aligned/} folder of
 * {@code frame_det_00_000001.bmp} files per video, anywhere below the root, with or without the
 * OpenFace CSV {@code <name>.csv} beside it (not needed). The frame folders become manifest paths
 * directly; no preprocessing is needed. The video id is {@code <name>}.
 *
 * <p>Labels come from a labels CSV ({@code --labels FILE}: {@code id,score[,subject][,split]},
 * where id is {@code <name>}) or, without one, from AVEC label files below the root or a labels
 * folder ({@code --labels DIR}), for names that start with {@code <subject>_<session>_}.
 */
final class OpenFaceLayout {
    private static final String SUFFIX = "_aligned";

    private OpenFaceLayout() {}

    /**
     * @param req the request
     * @return the recordings and the files that could not be paired
     */
    static Findings find(ImportRequest req) {
        TreeScan scan = TreeScan.of(req.root(), OpenFaceLayout::isAlignedFolder, req.out());
        List<Unpaired> unpaired = new ArrayList<>();
        List<TreeScan.Entry> folders = new ArrayList<>();
        for (TreeScan.Entry e : scan.frameFolders()) {
            if (TreeScan.hasImage(e.path())) {
                folders.add(e);
            } else {
                unpaired.add(new Unpaired(e.path().toString(), "no frame images (OpenFace found no face?)"));
            }
        }
        if (req.labels() != null && Files.isRegularFile(req.labels())) {
            return withTable(req, scan, folders, unpaired);
        }
        List<TreeScan> labelTrees = new ArrayList<>(List.of(scan));
        if (req.labels() != null) {
            labelTrees.add(TreeScan.of(req.labels(), dir -> false, req.out()));
        }
        AvecLabels labels = AvecLabels.collect(labelTrees, req.scale());
        if (labels.isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, req.root() + ": no labels found; give --labels FILE.csv "
                    + "(id,score[,subject][,split]) or put AVEC label files <subject>_<session>_Depression.csv under the root or --labels DIR");
        }
        List<AvecPairing.Candidate> candidates = new ArrayList<>();
        for (TreeScan.Entry e : folders) {
            String name = nameOf(e);
            Optional<AvecName> avec = AvecName.parse(name);
            if (avec.isEmpty()) {
                unpaired.add(new Unpaired(e.path().toString(), "name does not start with <subject>_<session>_, "
                        + "so it has no AVEC label file (a labels CSV, --labels FILE, can name it)"));
                continue;
            }
            candidates.add(new AvecPairing.Candidate(avec.get(), new FoundVideo(name, e.path(), MediaKind.FRAMES),
                    SplitNames.ofFolders(scan.root(), e.relative())));
        }
        return new Findings(AvecPairing.pair(candidates, labels, unpaired), unpaired, DatasetInfo.OFFICIAL);
    }

    private static Findings withTable(ImportRequest req, TreeScan scan, List<TreeScan.Entry> folders, List<Unpaired> unpaired) {
        LabelTable table = LabelTable.read(req.labels(), req.scale());
        Map<String, List<TreeScan.Entry>> byName = new HashMap<>();
        for (TreeScan.Entry e : folders) {
            byName.computeIfAbsent(TreeScan.lower(nameOf(e)), k -> new ArrayList<>()).add(e);
        }
        Set<TreeScan.Entry> used = new HashSet<>();
        List<Recording> recordings = new ArrayList<>();
        for (LabelTable.Row row : table.rows()) {
            List<TreeScan.Entry> match = byName.getOrDefault(TreeScan.lower(row.id()), List.of());
            String where = table.file() + " line " + row.line();
            if (match.isEmpty()) {
                unpaired.add(new Unpaired(where, "no " + row.id() + SUFFIX + " folder with frames under " + req.root()));
                continue;
            }
            if (match.size() > 1) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, where + ": id '" + row.id() + "' matches both "
                        + match.get(0).path() + " and " + match.get(1).path());
            }
            TreeScan.Entry e = match.get(0);
            used.add(e);
            Optional<Split> split = table.hasSplits() ? row.split() : SplitNames.ofFolders(scan.root(), e.relative());
            recordings.add(new Recording(row.id(), row.subject().orElse(row.id()), split, row.score(), false,
                    List.of(new FoundVideo(row.id(), e.path(), MediaKind.FRAMES))));
        }
        for (TreeScan.Entry e : folders) {
            if (!used.contains(e)) {
                unpaired.add(new Unpaired(e.path().toString(), "not in the labels file " + table.file()));
            }
        }
        return new Findings(recordings, unpaired, table.hasSplits() ? DatasetInfo.LABELS_FILE : DatasetInfo.OFFICIAL);
    }

    /** @return true for an OpenFace {@code <name>_aligned} folder (any case) */
    static boolean isAlignedFolder(java.nio.file.Path dir) {
        String n = TreeScan.lower(dir.getFileName().toString());
        return n.endsWith(SUFFIX) && n.length() > SUFFIX.length();
    }

    /** @return the name of an {@code <name>_aligned} folder without the suffix */
    static String nameOf(TreeScan.Entry e) {
        String n = e.path().getFileName().toString();
        return n.substring(0, n.length() - SUFFIX.length());
    }
}
