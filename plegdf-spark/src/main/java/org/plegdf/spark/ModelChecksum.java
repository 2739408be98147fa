package org.plegdf.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Names the exact weights a row was scored with: {@code sha256:<hex>} of a {@code .plegdf} bundle, or
 * of a model folder's files (relative names and contents, in name order). A training run folder
 * counts by its {@code model/} folder, so its logs and checkpoints do not change the checksum.
 */
public final class ModelChecksum {
    private ModelChecksum() {}

    /**
     * @param model a bundle, a model folder or a training run folder
     * @return sha256:HEX
     * @throws PlegdfException BAD_MODEL when it cannot be read
     */
    public static String of(Path model) {
        Path p = Files.isDirectory(model.resolve("model")) ? model.resolve("model") : model;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isRegularFile(p)) {
                digest(md, p);
            } else if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    md.update(p.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    digest(md, f);
                }
            } else {
                throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": no such model (a .plegdf bundle, a model folder or a training run folder)");
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": cannot read the model: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(MessageDigest md, Path f) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
    }
}
