package org.plegdf.util;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Whole folders on disk: the one place that removes a folder with everything in it. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes a folder (or file) and everything in it. A missing path, or an entry another thread
     * removed meanwhile, is fine; symbolic links are removed, never followed.
     *
     * @param path the folder or file
     * @throws IOException when something cannot be deleted
     */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                deleteIfThere(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed meanwhile
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                deleteIfThere(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfThere(Path p) throws IOException {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            // removed meanwhile
        }
    }
}
