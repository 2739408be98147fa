package org.plegdf.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.face.AlignedFace;
import org.plegdf.face.AlignmentTemplate;
import org.plegdf.face.EyePair;
import org.plegdf.face.FacePipeline;
import org.plegdf.face.FaceSettings;
import org.plegdf.face.Point2;

class VideoPreprocessTest {
    static final int FRAMES = 90;
    @TempDir static Path dir;
    static Path faces;
    static List<org.plegdf.face.Affine> tomTransforms;
    static EyePair tomEyes;

    @BeforeAll
    static void makeVideos() throws Exception {
        faces = Path.of(System.getProperty("plegdf.fixtures", "../shared/fixtures"), "faces");
        assumeThat(Files.isDirectory(faces)).isTrue();
        Files.createDirectories(dir.resolve("videos"));
        tomTransforms = SyntheticVideos.record(faces.resolve("Tom_Cruise_avp_2014_4.jpg"), dir.resolve("videos/tom.mp4"), FRAMES, 0.42, 0.55, 60, 0);
        // Reference eyes of the photo: what the aligner finds on the upright, full-resolution photo.
        try (FacePipeline p = new FacePipeline(new FaceSettings(null, null, 224, FaceSettings.PHOTO_MIN_FACE));
                Mat photo = imread(faces.resolve("Tom_Cruise_avp_2014_4.jpg").toString())) {
            Optional<AlignedFace> f = p.align(photo);
            assertThat(f).isPresent();
            tomEyes = f.get().eyes();
            f.get().close();
        }
    }

    @Test
    void tomVideoCropsHaveTheEyesOnTheTemplate() throws Exception {
        Path out = dir.resolve("out-tom");
        PreprocessRun run = new PreprocessRun(out, FaceSettings.video(224), 3, 0, 1, false);
        PreprocessSummary s = run.run(List.of(new VideoJob("tom", dir.resolve("videos/tom.mp4"), null)));
        System.out.println(s.line());
        assertThat(s.failed()).isZero();
        VideoResult r = s.results().get(0);
        assertThat(r.framesRead()).isEqualTo(FRAMES / 3);
        assertThat(r.framesRead()).isEqualTo(r.framesKept() + r.framesWithoutFace());
        assertThat(r.framesKept()).isGreaterThanOrEqualTo(r.framesRead() - 2);
        List<CSVRecord> rows = readCsv(out.resolve("tom/faces.csv"));
        try (var pngs = Files.list(out.resolve("tom/frames"))) {
            assertThat(pngs.count()).isEqualTo(r.framesKept());
        }
        assertThat(rows).hasSize((int) r.framesKept());
        AlignmentTemplate t = AlignmentTemplate.of(224);
        double worstAngle = 0;
        double worstPos = 0;
        for (CSVRecord row : rows) {
            int frame = Integer.parseInt(row.get("frame"));
            EyePair used = new EyePair(new Point2(d(row, "left_eye_x"), d(row, "left_eye_y")), new Point2(d(row, "right_eye_x"), d(row, "right_eye_y")));
            // The photo's eyes, carried into this frame by the known transform, then into the crop.
            EyePair truth = tomEyes.map(tomTransforms.get(frame)).map(t.transformFor(used));
            worstAngle = Math.max(worstAngle, Math.abs(truth.angleDegrees()));
            worstPos = Math.max(worstPos, Math.max(truth.left().distance(t.leftTarget()), truth.right().distance(t.rightTarget())) / t.size());
            assertThat(Files.isRegularFile(out.resolve("tom").resolve(row.get("file")))).isTrue();
        }
        System.out.printf("tom video: worst eye-line angle %.2f deg, worst eye offset %.3f of crop%n", worstAngle, worstPos);
        assertThat(worstAngle).isLessThanOrEqualTo(3);
        assertThat(worstPos).isLessThanOrEqualTo(0.05);
        Mat png = imread(out.resolve("tom").resolve(rows.get(0).get("file")).toString());
        assertThat(png.cols()).isEqualTo(224);
        assertThat(png.rows()).isEqualTo(224);
    }

    static double d(CSVRecord r, String col) {
        return Double.parseDouble(r.get(col));
    }

    static List<CSVRecord> readCsv(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        }
    }
}
