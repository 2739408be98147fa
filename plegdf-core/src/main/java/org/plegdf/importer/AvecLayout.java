package org.plegdf.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.MediaKind;
import org.plegdf.data.Split;

/**
 * AVEC2013 and AVEC2014 as distributed, and as copies have rearranged them: video files named
 * {@code <subject>_<session>_...} anywhere below split folders (Training, Development, Testing in
 * any case and nesting), label files {@code <subject>_<session>_Depression.csv} anywhere below the
 * root or a separate labels folder.
 *
 * <p>AVEC2013 has one video per recording, whose id is the recording's, e.g. {@code 203_1}.
 * AVEC2014 has a Freeform and a Northwind video per recording (the task is read from the file
 * name, else from its folders); their ids are {@code 203_1_Freeform} and {@code 203_1_Northwind},
 * and they share the recording's label and split. The subject id is the {@code <subject>} part.
 *
 * <p>Wherever a video may lie, OpenFace's {@code <name>_aligned/} frame folder of it may lie
 * instead ({@code 203_1_Freeform_video_aligned/}): it is named and paired the same way and needs no
 * preprocessing.
 *
 * <p>A recording without a label file is kept unlabelled: test labels were released after the
 * challenges, and many copies lack them.
 */
final class AvecLayout {
    private AvecLayout() {}

    /**
     * @param req the request (root, optional labels folder, scale)
     * @param tasks true for AVEC2014 (Freeform and Northwind videos per recording)
     * @return the recordings and the files that could not be paired
     */
    static Findings find(ImportRequest req, boolean tasks) {
        TreeScan media = TreeScan.of(req.root(), OpenFaceLayout::isAlignedFolder, req.out());
        List<TreeScan> labelTrees = new ArrayList<>(List.of(media));
        if (req.labels() != null) {
            labelTrees.add(TreeScan.of(req.labels(), dir -> false, req.out()));
        }
        AvecLabels labels = AvecLabels.collect(labelTrees, req.scale());
        List<Unpaired> unpaired = new ArrayList<>();
        List<AvecPairing.Candidate> candidates = new ArrayList<>();
        List<TreeScan.Entry> found = new ArrayList<>(media.videos());
        for (TreeScan.Entry e : media.frameFolders()) {
            if (TreeScan.hasImage(e.path())) {
                found.add(e);
            } else {
                unpaired.add(new Unpaired(e.path().toString(), "no frame images (OpenFace found no face?)"));
            }
        }
        for (TreeScan.Entry e : found) {
            boolean frames = Files.isDirectory(e.path());
            Optional<AvecName> name = AvecName.parse(frames ? OpenFaceLayout.nameOf(e) : e.stem());
            if (name.isEmpty()) {
                unpaired.add(new Unpaired(e.path().toString(), "name does not start with <subject>_<session>_ (such as 203_1_)"));
                continue;
            }
            String id = name.get().recording();
            if (tasks) {
                Path parent = e.relative().getParent();
                Optional<String> task = name.get().task().or(() -> parent == null ? Optional.empty() : AvecName.taskIn(parent.toString()));
                if (task.isEmpty()) {
                    unpaired.add(new Unpaired(e.path().toString(), "neither Freeform nor Northwind in its name or folders"));
                    continue;
                }
                id = id + "_" + task.get();
            }
            Optional<Split> split = SplitNames.ofFolders(media.root(), e.relative());
            candidates.add(new AvecPairing.Candidate(name.get(), new FoundVideo(id, e.path(), frames ? MediaKind.FRAMES : MediaKind.VIDEO), split));
        }
        List<Recording> recordings = AvecPairing.pair(candidates, labels, unpaired);
        return new Findings(recordings, unpaired, DatasetInfo.OFFICIAL);
    }
}
