package org.plegdf.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zip archives for the tests. */
final class Zips {
    private Zips() {}

    /** Each name holds the same file's bytes. */
    static byte[] of(List<String> names, Path content) throws IOException {
        byte[] bytes = Files.readAllBytes(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (String n : names) {
                z.putNextEntry(new ZipEntry(n));
                z.write(bytes);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] ofFolder(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out);
                Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                z.putNextEntry(new ZipEntry("faces/" + p.getFileName()));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
