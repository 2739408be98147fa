package org.plegdf.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.MediaKind;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * A user's own study: a labels CSV ({@code id,score[,subject][,split]}) whose ids name video files
 * or frame folders anywhere below the root, matched by file name without extension, ignoring case.
 * A frame folder is a folder holding images, or holding a {@code frames/} folder of images (the
 * layout {@code plegdf preprocess} writes). Splits come from the split column when there is one.
 */
final class CsvLayout {
    private CsvLayout() {}

    /**
     * @param req the request; its labels must be the labels CSV
     * @return the recordings and the files that could not be paired
     */
    static Findings find(ImportRequest req) {
        LabelTable table = LabelTable.read(req.labels(), req.scale());
        Set<String> ids = new HashSet<>();
        table.rows().forEach(r -> ids.add(TreeScan.lower(r.id())));
        TreeScan scan = TreeScan.of(req.root(), dir -> ids.contains(TreeScan.lower(dir.getFileName().toString()))
                && frameDir(dir) != null, req.out());
        Map<String, List<TreeScan.Entry>> byStem = new HashMap<>();
        for (TreeScan.Entry e : scan.videos()) {
            byStem.computeIfAbsent(TreeScan.lower(e.stem()), k -> new ArrayList<>()).add(e);
        }
        for (TreeScan.Entry e : scan.frameFolders()) {
            byStem.computeIfAbsent(TreeScan.lower(e.stem()), k -> new ArrayList<>()).add(e);
        }
        List<Unpaired> unpaired = new ArrayList<>();
        List<Recording> recordings = new ArrayList<>();
        Set<TreeScan.Entry> used = new HashSet<>();
        for (LabelTable.Row row : table.rows()) {
            String where = table.file() + " line " + row.line();
            List<TreeScan.Entry> match = byStem.getOrDefault(TreeScan.lower(row.id()), List.of());
            if (match.isEmpty()) {
                unpaired.add(new Unpaired(where, "no video or frame folder named '" + row.id() + "' under " + req.root()));
                continue;
            }
            if (match.size() > 1) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, where + ": id '" + row.id() + "' matches both "
                        + match.get(0).path() + " and " + match.get(1).path() + "; rename or remove one");
            }
            TreeScan.Entry e = match.get(0);
            used.add(e);
            boolean folder = Files.isDirectory(e.path());
            FoundVideo v = new FoundVideo(row.id(), folder ? frameDir(e.path()) : e.path(), folder ? MediaKind.FRAMES : MediaKind.VIDEO);
            recordings.add(new Recording(row.id(), row.subject().orElse(row.id()), row.split(), row.score(), false, List.of(v)));
        }
        for (TreeScan.Entry e : scan.videos()) {
            if (!used.contains(e)) {
                unpaired.add(new Unpaired(e.path().toString(), "not in the labels file " + table.file()));
            }
        }
        return new Findings(recordings, unpaired, DatasetInfo.LABELS_FILE);
    }

    /** @return the folder itself or its {@code frames/} sub-folder, whichever holds images; null if neither */
    private static Path frameDir(Path dir) {
        if (TreeScan.hasImage(dir)) {
            return dir;
        }
        Path frames = dir.resolve("frames");
        return TreeScan.hasImage(frames) ? frames : null;
    }
}
