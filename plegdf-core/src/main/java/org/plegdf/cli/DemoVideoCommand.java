package org.plegdf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.plegdf.preprocess.PhotoVideo;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.OutputFiles;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf demo-video}: a 640x480 H.264 video made from a face photo, for smoke tests and benchmarks. */
@Command(name = "demo-video", description = "Make a 640x480, 30 fps MP4 from a face photo (slow zoom and drift), to try or benchmark preprocess.")
public final class DemoVideoCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--photo", required = true, description = "A photo with one face.")
    Path photo;

    @Option(names = "--out", required = true, description = "The .mp4 (or .mkv) to write; its folder is created (an existing file only with --force).")
    Path out;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @Option(names = "--seconds", defaultValue = "60", description = "Length (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--face-scale", defaultValue = "0.5", description = "Photo scale in the frame at the middle of the video (default: ${DEFAULT-VALUE}).")
    double faceScale;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(photo)) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, photo + ": photo not found");
        }
        if (!(seconds > 0) || !(faceScale > 0)) {
            throw new PlegdfException(ExitCodes.USAGE, "--seconds and --face-scale must be positive");
        }
        OutputFiles.checkReplaceable(out, force, "--out");
        int frames = (int) Math.round(seconds * PhotoVideo.FPS);
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // Written beside the target and renamed: a failed or killed run leaves no half video under the name.
            String name = out.getFileName().toString();
            tmp = Files.createTempFile(dir, "." + name + ".", name.substring(Math.max(0, name.lastIndexOf('.'))));
            PhotoVideo.record(photo, tmp, frames, faceScale * 0.85, faceScale * 1.15, 80, 0);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IllegalStateException e) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, photo + ": cannot read the photo", e);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot write the video (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
        out().printf("%s: %d frames, %dx%d, %.0f fps%n", out, frames, PhotoVideo.WIDTH, PhotoVideo.HEIGHT, PhotoVideo.FPS);
        return 0;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
