package org.plegdf.importer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import me.tongfei.progressbar.ProgressBar;
import org.plegdf.data.MediaKind;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.plegdf.util.Progress;

/**
 * What lies under a folder, found recursively: video files, frame folders and AVEC label files.
 * Hidden files and folders (names starting with a dot, such as macOS {@code ._name} copies) and
 * {@code __MACOSX} folders are skipped; symbolic links are followed. A frame folder is not entered,
 * so folders of tens of thousands of frames cost one look each.
 */
final class TreeScan {
    /**
     * A file or folder found.
     *
     * @param path the path (the searched root resolved with {@code relative})
     * @param relative the path below the searched root
     */
    record Entry(Path path, Path relative) {
        /** @return the file name without its extension (the whole name for a folder) */
        String stem() {
            String n = path.getFileName().toString();
            if (Files.isDirectory(path)) {
                return n;
            }
            int dot = n.lastIndexOf('.');
            return dot <= 0 ? n : n.substring(0, dot);
        }
    }

    private final Path root;
    private final List<Entry> videos = new ArrayList<>();
    private final List<Entry> frameFolders = new ArrayList<>();
    private final List<Entry> labelFiles = new ArrayList<>();

    private TreeScan(Path root) {
        this.root = root;
    }

    /** @return the folder searched */
    Path root() {
        return root;
    }

    /** @return the video files, in path order */
    List<Entry> videos() {
        return videos;
    }

    /** @return the folders {@code isFrameFolder} accepted, in path order */
    List<Entry> frameFolders() {
        return frameFolders;
    }

    /** @return the AVEC label files ({@code <subject>_<session>_Depression.csv}), in path order */
    List<Entry> labelFiles() {
        return labelFiles;
    }

    /**
     * @param root the folder to search
     * @param isFrameFolder which folders are frame folders (not entered)
     * @param skip a folder not to enter (the output folder, when it lies inside the root), or null
     * @return what was found
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} when the root is not a folder or a
     *     folder below it cannot be read
     */
    static TreeScan of(Path root, Predicate<Path> isFrameFolder, Path skip) {
        if (!Files.isDirectory(root)) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, root + ": no such folder");
        }
        TreeScan scan = new TreeScan(root);
        Path skipAbs = skip == null ? null : skip.toAbsolutePath().normalize();
        try (ProgressBar bar = Progress.bar("scanning " + root.getFileName(), -1, "file")) {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    if (name.startsWith(".") || name.equals("__MACOSX") || dir.toAbsolutePath().normalize().equals(skipAbs)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (isFrameFolder.test(dir)) {
                        scan.frameFolders.add(new Entry(dir, root.relativize(dir)));
                        bar.step();
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    bar.step();
                    String name = file.getFileName().toString();
                    if (!attrs.isRegularFile() || name.startsWith(".")) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (MediaKind.isVideoName(file)) {
                        scan.videos.add(new Entry(file, root.relativize(file)));
                    } else if (AvecName.isLabelFile(name)) {
                        scan.labelFiles.add(new Entry(file, root.relativize(file)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof FileSystemLoopException) {
                        return FileVisitResult.CONTINUE; // a link back up the tree: already being searched
                    }
                    throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": cannot read: " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, root + ": cannot search: " + e.getMessage(), e);
        }
        Comparator<Entry> byPath = Comparator.comparing(e -> e.relative().toString());
        scan.videos.sort(byPath);
        scan.frameFolders.sort(byPath);
        scan.labelFiles.sort(byPath);
        return scan;
    }

    /**
     * @param dir a folder
     * @return true when it holds at least one frame image (png, jpg, jpeg, bmp; hidden files
     *     ignored); reads only until the first one
     */
    static boolean hasImage(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().startsWith(".") && MediaKind.isImageName(p) && Files.isRegularFile(p)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** @return the name in lower case, for matching that ignores case */
    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
