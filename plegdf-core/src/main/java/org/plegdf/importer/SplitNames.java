package org.plegdf.importer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.plegdf.data.Split;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Split names as sources write them: Training / train, Development / dev / devel / val /
 * validation, Testing / test, in any case. Folder names are cut into words at any character that is
 * not a letter or digit, so {@code AVEC2014_Training} and {@code test-labels} are recognised too.
 */
final class SplitNames {
    private static final Map<String, Split> NAMES = Map.of(
            "train", Split.TRAIN, "training", Split.TRAIN,
            "dev", Split.DEV, "devel", Split.DEV, "development", Split.DEV, "val", Split.DEV, "validation", Split.DEV,
            "test", Split.TEST, "testing", Split.TEST);

    private SplitNames() {}

    /**
     * @param word one word, e.g. "Training"
     * @return its split, or empty when it is not a split name
     */
    static Optional<Split> parse(String word) {
        return Optional.ofNullable(NAMES.get(word.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * The split of a file from the folders it lies in below the root it was found under.
     *
     * @param root the folder searched
     * @param relative the file (or frame folder) relative to {@code root}
     * @return the split its folders name, or empty when none does
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} when its folders name two different splits
     */
    static Optional<Split> ofFolders(Path root, Path relative) {
        Map<Split, String> found = new LinkedHashMap<>();
        Path parent = relative.getParent();
        if (parent == null) {
            return Optional.empty();
        }
        for (Path component : parent) {
            String name = component.toString();
            for (String word : name.split("[^A-Za-z0-9]+")) {
                parse(word).ifPresent(s -> found.putIfAbsent(s, name));
            }
        }
        if (found.size() > 1) {
            StringBuilder sb = new StringBuilder();
            found.forEach((s, folder) -> sb.append(sb.length() == 0 ? "" : " and ").append(s.id()).append(" ('").append(folder).append("')"));
            throw new PlegdfException(ExitCodes.BAD_DATASET, root.resolve(relative) + ": lies in folders of two splits, "
                    + sb + "; cannot tell its split");
        }
        return found.keySet().stream().findFirst();
    }
}
