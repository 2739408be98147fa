package org.plegdf.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only files and folders (uploads are health data): rw------- and rwx------. */
final class JobFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private JobFiles() {}

    /**
     * Creates a folder (and missing parents) readable by the owner only; an existing one is left
     * as it is (the folders inside it that hold data are private).
     *
     * @param dir the folder
     * @return dir
     * @throws IOException when it cannot be created
     */
    static Path privateDirIfAbsent(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            privateDir(dir);
        }
        return dir;
    }

    /**
     * Creates a folder (and missing parents) readable by the owner only; an existing one is
     * narrowed to owner-only.
     *
     * @param dir the folder
     * @return dir
     * @throws IOException when it cannot be created
     */
    static Path privateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, attr(DIR));
        }
        Files.setPosixFilePermissions(dir, DIR);
        return dir;
    }

    /**
     * @param file a new file
     * @return a stream writing it, created rw-------
     * @throws IOException when it exists or cannot be created
     */
    static OutputStream newPrivateFile(Path file) throws IOException {
        Files.createFile(file, attr(FILE));
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static FileAttribute<Set<PosixFilePermission>> attr(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }
}
