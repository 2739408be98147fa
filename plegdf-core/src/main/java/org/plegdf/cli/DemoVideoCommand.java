package org.plegdf.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.plegdf.preprocess.PhotoVideo;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf demo-video}: a 640x480 H.264 video made from a face photo, for smoke tests and benchmarks. */
@Command(name = "demo-video", description = "Make a 640x480, 30 fps MP4 from a face photo (slow zoom and drift), to try or benchmark preprocess.")
public final class DemoVideoCommand implements Callable<Integer> {

    @Option(names = "--photo", required = true, description = "A photo with one face.")
    Path photo;

    @Option(names = "--out", required = true, description = "The .mp4 to write.")
    Path out;

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
        int frames = (int) Math.round(seconds * PhotoVideo.FPS);
        try {
            PhotoVideo.record(photo, out, frames, faceScale * 0.85, faceScale * 1.15, 80, 0);
        } catch (IllegalStateException e) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, photo + ": cannot read the photo", e);
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot write the video (" + e.getMessage() + ")", e);
        }
        System.out.printf("%s: %d frames, %dx%d, %.0f fps%n", out, frames, PhotoVideo.WIDTH, PhotoVideo.HEIGHT, PhotoVideo.FPS);
        return 0;
    }
}
