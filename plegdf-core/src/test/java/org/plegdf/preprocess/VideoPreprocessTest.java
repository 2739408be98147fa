package org.plegdf.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.face.AlignmentTemplate;
import org.plegdf.face.EyePair;
import org.plegdf.face.FaceSettings;
import org.plegdf.face.Point2;

class VideoPreprocessTest {
    static final int FRAMES = 90;
    @TempDir static Path dir;
    static Path faces;
    static List<org.plegdf.face.Affine> tomTransforms;

    @BeforeAll
    static void makeVideos() throws Exception {
        faces = Path.of(System.getProperty("plegdf.fixtures", "../../shared/fixtures"), "faces");
        assumeThat(Files.isDirectory(faces)).isTrue();
        Files.createDirectories(dir.resolve("videos"));
        PhotoVideo.record(faces.resolve("dogs.jpg"), dir.resolve("videos/dogs.mp4"), 30, 0.5, 0.55, 20, 0);
        tomTransforms = PhotoVideo.record(faces.resolve("Tom_Cruise_avp_2014_4.jpg"), dir.resolve("videos/tom.mp4"), FRAMES, 0.42, 0.55, 60, 0);
    }

    @Test
    void aTruncatedVideoIsProcessedAndFlagged() throws Exception {
        // Matroska declares its duration up front: cut in half, the file still opens and decodes,
        // but ends early. Its frames are kept; the run says the file looks truncated.
        Path in = dir.resolve("cut");
        Files.createDirectories(in);
        Path whole = dir.resolve("whole.mkv");
        PhotoVideo.record(faces.resolve("Tom_Cruise_avp_2014_4.jpg"), whole, 60, 0.42, 0.55, 60, 0);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(in.resolve("cut.mkv"), java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
        // Cut inside the first frame, nothing decodes: that is a failure, not a warning.
        Files.write(dir.resolve("stub.mkv"), java.util.Arrays.copyOf(bytes, 2000));
        PreprocessSummary stub = new PreprocessRun(dir.resolve("out-stub"), FaceSettings.video(96), 5, 0, 1, false)
                .run(List.of(new VideoJob("stub", dir.resolve("stub.mkv"), null)));
        assertThat(stub.failed()).isEqualTo(1);
        assertThat(stub.results().get(0).error()).contains("stub.mkv");
        Path out = dir.resolve("out-cut");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = org.plegdf.cli.PlegdfCli.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("preprocess", "--input", in.toString(), "--out", out.toString(), "--size", "96", "--every", "5", "--no-progress");
        assertThat(code).isZero();
        PreprocessSummary s = org.plegdf.util.Json.read(out.resolve(PreprocessRun.SUMMARY), PreprocessSummary.class, 1);
        assertThat(s.done()).isEqualTo(1);
        assertThat(s.warnings()).isEqualTo(1);
        assertThat(s.line()).contains("1 with warnings");
        VideoResult r = s.results().get(0);
        assertThat(r.declaredFrames()).isEqualTo(60);
        assertThat(r.framesDecoded()).isBetween(10L, 50L);
        assertThat(r.warning()).contains("cut.mkv").contains("truncated").contains("of the 60 frames");
        assertThat(r.framesKept()).isPositive();

        // The whole file raises no warning.
        PreprocessSummary full = new PreprocessRun(dir.resolve("out-whole"), FaceSettings.video(96), 5, 0, 1, false)
                .run(List.of(new VideoJob("whole", whole, null)));
        assertThat(full.warnings()).isZero();
        assertThat(full.results().get(0).framesDecoded()).isEqualTo(60);
    }

    @Test
    void tomVideoCropsHaveTheEyesOnTheTemplate() throws Exception {
        Path out = dir.resolve("out-tom");
        PreprocessRun run = new PreprocessRun(out, FaceSettings.video(224), 3, 0, 1, false);
        PreprocessSummary s = run.run(List.of(new VideoJob("tom", dir.resolve("videos/tom.mp4"), null)));
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
            // The photo's hand-annotated eyes, carried into this frame by the known transform, then into the crop.
            EyePair truth = org.plegdf.face.FaceFixtures.TOM_CRUISE_EYES.map(tomTransforms.get(frame)).map(t.transformFor(used));
            worstAngle = Math.max(worstAngle, Math.abs(truth.angleDegrees()));
            worstPos = Math.max(worstPos, Math.max(truth.left().distance(t.leftTarget()), truth.right().distance(t.rightTarget())) / t.size());
            assertThat(Files.isRegularFile(out.resolve("tom").resolve(row.get("file")))).isTrue();
        }
        assertThat(worstAngle).isLessThanOrEqualTo(3);
        assertThat(worstPos).isLessThanOrEqualTo(0.05);
        Mat png = imread(out.resolve("tom").resolve(rows.get(0).get("file")).toString());
        assertThat(png.cols()).isEqualTo(224);
        assertThat(png.rows()).isEqualTo(224);
    }

    @Test
    void videoWithoutFaceWritesNoCrop() {
        Path out = dir.resolve("out-dogs");
        PreprocessSummary s = new PreprocessRun(out, FaceSettings.video(112), 3, 0, 1, false)
                .run(List.of(new VideoJob("dogs", dir.resolve("videos/dogs.mp4"), null)));
        VideoResult r = s.results().get(0);
        assertThat(r.status()).isEqualTo(VideoResult.DONE);
        assertThat(r.framesRead()).isEqualTo(10);
        assertThat(r.framesKept()).isZero();
        assertThat(r.framesWithoutFace()).isEqualTo(10);
        assertThat(r.yieldedNoFace()).isTrue();
        assertThat(s.withoutFace()).containsExactly(dir.resolve("videos/dogs.mp4").toString());
        assertThat(out.resolve("dogs/frames")).doesNotExist();
        assertThat(out.resolve("dogs/done.json")).isRegularFile();
    }

    @Test
    void corruptAndTruncatedVideosAreReportedAndTheRunGoesOnThenReRunSkipsFinished() throws Exception {
        Path in = dir.resolve("mixed");
        Files.createDirectories(in);
        Files.copy(dir.resolve("videos/tom.mp4"), in.resolve("a_tom.mp4"));
        Files.write(in.resolve("b_garbage.avi"), "this is not a video at all".repeat(100).getBytes());
        byte[] full = Files.readAllBytes(dir.resolve("videos/tom.mp4"));
        Files.write(in.resolve("c_truncated.mp4"), java.util.Arrays.copyOf(full, full.length / 2));
        Path out = dir.resolve("out-mixed");

        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = org.plegdf.cli.PlegdfCli.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("preprocess", "--input", in.toString(), "--out", out.toString(), "--size", "96",
                "--max-frames", "6", "--workers", "2", "--no-progress");
        assertThat(code).isEqualTo(org.plegdf.util.ExitCodes.PARTIAL_FAILURE);
        assertThat(err.toString()).contains("2 of 3 videos failed").doesNotContain("Exception");
        PreprocessSummary s = org.plegdf.util.Json.read(out.resolve(PreprocessRun.SUMMARY), PreprocessSummary.class, 1);
        assertThat(s.done()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.results()).filteredOn(r -> r.status().equals(VideoResult.FAILED))
                .extracting(VideoResult::error)
                .anySatisfy(e -> assertThat(e).contains("b_garbage.avi").doesNotContain("\n"))
                .anySatisfy(e -> assertThat(e).contains("c_truncated.mp4"));
        assertThat(out.resolve("a_tom/done.json")).isRegularFile();
        assertThat(out.resolve("b_garbage/done.json")).doesNotExist();

        // Re-run: the finished video is skipped, the broken ones are tried again (and fail again).
        long markerTime = Files.getLastModifiedTime(out.resolve("a_tom/done.json")).toMillis();
        // The same settings as the command above (its default detector: blazeface).
        PreprocessSummary again = new PreprocessRun(out, new FaceSettings(org.plegdf.face.DetectorKind.BLAZEFACE, null, 96, FaceSettings.VIDEO_MIN_FACE), 3, 6, 1, false)
                .run(VideoInputs.resolve(in));
        assertThat(again.skipped()).isEqualTo(1);
        assertThat(again.failed()).isEqualTo(2);
        assertThat(Files.getLastModifiedTime(out.resolve("a_tom/done.json")).toMillis()).isEqualTo(markerTime);

        // An unfinished folder (no marker, stray crop) is redone from scratch.
        Files.delete(out.resolve("a_tom/done.json"));
        Files.write(out.resolve("a_tom/frames/999999.png"), new byte[] {1, 2, 3});
        PreprocessSummary redo = new PreprocessRun(out, new FaceSettings(org.plegdf.face.DetectorKind.BLAZEFACE, null, 96, FaceSettings.VIDEO_MIN_FACE), 3, 6, 1, false)
                .run(List.of(new VideoJob("a_tom", in.resolve("a_tom.mp4"), null)));
        assertThat(redo.done()).isEqualTo(1);
        assertThat(out.resolve("a_tom/frames/999999.png")).doesNotExist();
        assertThat(out.resolve("a_tom/frames").toFile().list()).hasSize((int) redo.results().get(0).framesKept());

        // Other settings: the video is redone, not mixed with old crops.
        PreprocessSummary other = new PreprocessRun(out, new FaceSettings(org.plegdf.face.DetectorKind.BLAZEFACE, null, 64, FaceSettings.VIDEO_MIN_FACE), 3, 6, 1, false)
                .run(List.of(new VideoJob("a_tom", in.resolve("a_tom.mp4"), null)));
        assertThat(other.done()).isEqualTo(1);
    }

    @Test
    void manifestIsRewrittenToPointAtFrameFolders() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("vids"));
        Files.copy(dir.resolve("videos/tom.mp4"), data.resolve("vids/s1.mp4"));
        Files.writeString(data.resolve("manifest.csv"), "video_id,subject_id,split,bdi,path\nv1,s1,train,17,vids/s1.mp4\n");
        Path out = dir.resolve("out-manifest");
        PreprocessSummary s = new PreprocessRun(out, FaceSettings.video(64), 3, 3, 1, false).run(VideoInputs.resolve(data.resolve("manifest.csv")));
        assertThat(s.done()).isEqualTo(1);
        assertThat(Files.readString(out.resolve("manifest.csv"))).isEqualTo("video_id,subject_id,split,bdi,path\nv1,s1,train,17,v1/frames\n");
        assertThat(out.resolve("v1/frames")).isDirectory();
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
