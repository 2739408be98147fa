package org.plegdf.model.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The formats a weights file can have, told apart by content, never by the file name: a .pth may
 * be either torch.save format, a .bin or .pt anything.
 */
public enum WeightsFormat {
    /** safetensors: an 8-byte header length, then a JSON header. */
    SAFETENSORS("safetensors"),
    /** torch.save since PyTorch 1.6: a zip archive of data.pkl and data/N storages. */
    TORCH_ZIP("torch.save zip archive"),
    /** torch.save's legacy format: pickles (magic number, protocol, system info, object, storage keys), then raw storages. */
    TORCH_LEGACY("torch.save legacy pickle");

    private final String description;

    WeightsFormat(String description) {
        this.description = description;
    }

    /** @return a few words for messages */
    public String description() {
        return description;
    }

    /**
     * @param file a weights file
     * @return its format
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file when it is missing,
     *     unreadable, or none of these
     */
    public static WeightsFormat of(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        } catch (NoSuchFileException e) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": file not found", e);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": cannot read: " + e.getMessage(), e);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return TORCH_ZIP;
        }
        // PROTO opcode and a protocol torch.save uses (2 by default; any of 2 to 5 if chosen)
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return TORCH_LEGACY;
        }
        if (head.length == 9 && head[8] == '{') {
            return SAFETENSORS;
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, head.length); i++) {
            hex.append(String.format(" %02x", head[i] & 0xff));
        }
        throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": not a weights file plegdf reads (safetensors, or a torch.save"
                + " .pth/.pt/.bin in the zip or legacy format); it starts with" + (hex.length() == 0 ? " nothing (empty)" : hex)
                + " (see docs/interop.md)");
    }
}
