package org.plegdf.data;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Decodes image files into 8-bit RGB images ({@link BufferedImage#TYPE_INT_RGB}), whatever their
 * colour model (grey, palette, 16-bit, alpha), and refuses damaged files with a one-line error.
 *
 * <p>Damaged means: no decoder recognises the bytes, the decoder fails, or the decoder warns, which
 * is how the JDK's JPEG reader reports a truncated file (it would otherwise hand back an image
 * whose lower part is grey).
 */
public final class ImageFiles {
    static {
        // Decode from the file directly; the default disk cache would copy every stream to /tmp.
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {}

    /**
     * @param file an image file (png, jpg, jpeg, bmp, or anything else ImageIO decodes)
     * @return the image as TYPE_INT_RGB at its own size (alpha composited over black)
     * @throws PlegdfException {@link ExitCodes#BAD_IMAGE} naming the file when it is missing,
     *     unreadable, not an image, truncated or otherwise damaged
     */
    public static BufferedImage readRgb(Path file) {
        BufferedImage img = decode(file);
        return img.getType() == BufferedImage.TYPE_INT_RGB ? img : toRgb(img);
    }

    /**
     * @param img any image
     * @return a TYPE_INT_RGB copy (or the image itself when it already is one)
     */
    public static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad(file, Files.exists(file) ? "not a regular file" : "file not found", null);
        }
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw bad(file, "cannot open", null);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw bad(file, "not a readable image (png, jpg, bmp)", null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw bad(file, "damaged image (" + warnings.get(0) + ")", null);
                }
                if (img.getWidth() < 1 || img.getHeight() < 1) {
                    throw bad(file, "image has no pixels", null);
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (NoSuchFileException e) {
            throw bad(file, "file not found", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof PlegdfException pe) {
                throw pe;
            }
            // truncated PNGs end up here (EOF inside the compressed data), as do corrupt headers
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Throwable c = e.getCause();
            if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
                m += ": " + c.getMessage();
            }
            throw bad(file, "damaged or unreadable image (" + m.lines().findFirst().orElse(m) + ")", e);
        }
    }

    private static PlegdfException bad(Path file, String problem, Throwable cause) {
        return new PlegdfException(ExitCodes.BAD_IMAGE, file + ": " + problem, cause);
    }
}
