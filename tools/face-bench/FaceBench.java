import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.plegdf.face.BlazeFaceDetector;
import org.plegdf.face.FaceBox;
import org.plegdf.face.FaceDetector;
import org.plegdf.face.HaarFaceDetector;
import org.plegdf.face.LandmarkLocator;
import org.plegdf.face.ShapePredictorFile;
import org.plegdf.face.VideoReader;

/**
 * Per-stage cost of plegdf's face front end on a video, one thread: a whole-frame search by each
 * detector, and dlib's landmarks on the face found. Usage (after mvn package):
 * java -cp target/classes:$(cat cp.txt) tools/face-bench/FaceBench.java VIDEO [EVERY] [REPEATS]
 */
public class FaceBench {
    public static void main(String[] args) throws Exception {
        Path video = Path.of(args[0]);
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long t0 = System.nanoTime();
        LandmarkLocator lm = new LandmarkLocator(ShapePredictorFile.load(ShapePredictorFile.DEBIAN_PATH));
        System.out.printf(Locale.ROOT, "landmark model load: %.2f s, %.0f MB of parameters%n", (System.nanoTime() - t0) / 1e9, lm.model().memoryBytes() / 1e6);
        try (FaceDetector haar = new HaarFaceDetector(0.15); FaceDetector blaze = new BlazeFaceDetector(0.15)) {
            for (int rep = 0; rep < repeats; rep++) {
                long[] ns = new long[3];
                int[] frames = {0};
                try (VideoReader r = VideoReader.open(video)) {
                    r.forEachSampled(every, 0, (i, s, bgr) -> {
                        long a = System.nanoTime();
                        haar.detect(bgr);
                        long b = System.nanoTime();
                        List<FaceBox> f = blaze.detect(bgr);
                        long c = System.nanoTime();
                        if (!f.isEmpty()) {
                            lm.locate(bgr, f.get(0));
                        }
                        long d = System.nanoTime();
                        ns[0] += b - a;
                        ns[1] += c - b;
                        ns[2] += d - c;
                        frames[0]++;
                    });
                }
                int n = frames[0];
                System.out.printf(Locale.ROOT, "run %d, %d analysed frames: haar whole frame %.1f ms (%.0f frames/s), blazeface whole frame %.1f ms (%.0f frames/s), landmarks %.1f ms a face (%.0f faces/s)%n",
                        rep + 1, n, ns[0] / 1e6 / n, n * 1e9 / ns[0], ns[1] / 1e6 / n, n * 1e9 / ns[1], ns[2] / 1e6 / n, n * 1e9 / ns[2]);
            }
        }
    }
}
