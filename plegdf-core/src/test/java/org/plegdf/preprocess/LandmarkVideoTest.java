package org.plegdf.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.face.Affine;
import org.plegdf.face.DetectorKind;
import org.plegdf.face.FaceSettings;
import org.plegdf.face.Point2;

/**
 * Landmarks through preprocess on an encoded video of a photo that moves, grows and turns by known
 * transforms: every kept frame has its 68 points and pose in faces.csv, and the points are stable.
 * Jitter: frame k-1's points carried into frame k by the known motion, against frame k's points.
 */
class LandmarkVideoTest {
    static final int FRAMES = 90;
    @TempDir static Path dir;
    static List<Affine> motion;

    @BeforeAll
    static void makeVideo() throws Exception {
        Path faces = Path.of(System.getProperty("plegdf.fixtures", "../shared/fixtures"), "faces");
        Files.createDirectories(dir.resolve("videos"));
        motion = PhotoVideo.record(faces.resolve("Tom_Cruise_avp_2014_4.jpg"), dir.resolve("videos/tom.mp4"), FRAMES, 0.42, 0.55, 60, 8);
    }

    private static List<CSVRecord> run(String name, FaceSettings settings) throws Exception {
        PreprocessSummary s = new PreprocessRun(dir.resolve(name), settings, 3, 0, 1, false)
                .run(List.of(new VideoJob("tom", dir.resolve("videos/tom.mp4"), null)));
        assertThat(s.failed()).isZero();
        return VideoPreprocessTest.readCsv(dir.resolve(name).resolve("tom/faces.csv"));
    }

    private static Point2 point(CSVRecord r, int i) {
        return new Point2(Double.parseDouble(r.get("x_" + i)), Double.parseDouble(r.get("y_" + i)));
    }

    /** Mean over consecutive kept frames and the 68 points of the distance from the motion-carried previous point. */
    static double jitter(List<CSVRecord> rows) {
        double sum = 0;
        int n = 0;
        for (int k = 1; k < rows.size(); k++) {
            int a = Integer.parseInt(rows.get(k - 1).get("frame"));
            int b = Integer.parseInt(rows.get(k).get("frame"));
            Affine carry = motion.get(a).inverse().then(motion.get(b));
            for (int i = 0; i < 68; i++) {
                sum += carry.apply(point(rows.get(k - 1), i)).distance(point(rows.get(k), i));
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void everyKeptFrameHasStableLandmarksAndPose() throws Exception {
        for (DetectorKind kind : new DetectorKind[] {DetectorKind.BLAZEFACE, DetectorKind.HAAR}) {
            List<CSVRecord> rows = run("out-" + kind, new FaceSettings(kind, null, 224, FaceSettings.VIDEO_MIN_FACE));
            assertThat(rows).hasSizeGreaterThanOrEqualTo(FRAMES / 3 - 2);
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.get("eyes")).isEqualTo("landmarks_68");
                assertThat(r.get("yaw")).isNotEmpty();
                assertThat(r.get("x_67")).isNotEmpty();
            });
            double j = jitter(rows);
            double roll = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("roll"))).max().orElseThrow();
            System.out.printf(Locale.ROOT, "landmark video (%s): %d frames kept of %d, jitter %.2f px between consecutive analysed frames (face about 100 px wide), largest roll %.1f deg%n",
                    kind.name().toLowerCase(Locale.ROOT), rows.size(), FRAMES / 3, j, roll);
            assertThat(j).isLessThan(2.0);
        }
    }

    @Test
    void maxYawDropsTurnedFrames() throws Exception {
        FaceSettings base = new FaceSettings(DetectorKind.BLAZEFACE, null, 160, FaceSettings.VIDEO_MIN_FACE);
        List<CSVRecord> all = run("out-yaw-off", base);
        double[] yaws = all.stream().mapToDouble(r -> Math.abs(Double.parseDouble(r.get("yaw")))).sorted().toArray();
        double median = yaws[yaws.length / 2];
        List<CSVRecord> kept = run("out-yaw-median", base.withLandmarks(null, median));
        assertThat(kept).allSatisfy(r -> assertThat(Math.abs(Double.parseDouble(r.get("yaw")))).isLessThanOrEqualTo(median + 1e-3));
        assertThat(kept.size()).isLessThan(all.size()).isGreaterThan(0);
    }
}
