package org.plegdf.importer;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which layout a source tree looks like, judged by names only, so that an import that found
 * nothing for the layout asked can name the one that fits (AVEC2013 videos given as avec2014,
 * AVEC2014 videos given as openface, a study's own names given as avec2013).
 */
final class LayoutGuess {
    private LayoutGuess() {}

    /**
     * @param req the request that found nothing to import
     * @return {@code "; it looks like layout X (why): plegdf import X ..."}, or empty when the tree
     *     looks like the layout asked or like none
     */
    static String hint(ImportRequest req) {
        TreeScan scan = TreeScan.of(req.root(), OpenFaceLayout::isAlignedFolder, req.out());
        List<TreeScan.Entry> media = new ArrayList<>(scan.videos());
        media.addAll(scan.frameFolders());
        int avecNamed = 0;
        int withTask = 0;
        for (TreeScan.Entry e : media) {
            Optional<AvecName> n = AvecName.parse(Files.isDirectory(e.path()) ? OpenFaceLayout.nameOf(e) : e.stem());
            if (n.isPresent()) {
                avecNamed++;
                withTask += n.get().task().isPresent() ? 1 : 0;
            }
        }
        ImportLayout guess;
        String why;
        if (media.isEmpty()) {
            return "";
        } else if (withTask > 0) {
            guess = ImportLayout.AVEC2014;
            why = withTask + " Freeform/Northwind video(s) or frame folder(s) named <subject>_<session>_";
        } else if (avecNamed > 0) {
            guess = ImportLayout.AVEC2013;
            why = avecNamed + " video(s) or frame folder(s) named <subject>_<session>_, none Freeform or Northwind";
        } else if (!scan.frameFolders().isEmpty()) {
            guess = ImportLayout.OPENFACE;
            why = scan.frameFolders().size() + " OpenFace _aligned folder(s) with names of your own";
        } else {
            guess = ImportLayout.CSV;
            why = scan.videos().size() + " video(s) with names of your own";
        }
        if (guess == req.layout()) {
            return "";
        }
        String example = switch (guess) {
            case OPENFACE -> " --labels FILE.csv";
            case CSV -> " --labels FILE.csv (id,score[,subject][,split])";
            default -> req.labels() != null ? " --labels " + req.labels() : "";
        };
        return "; it looks like layout " + guess.id() + " (" + why + "): plegdf import " + guess.id() + " --root " + req.root() + example
                + " --out " + req.out();
    }
}
