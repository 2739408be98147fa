package org.plegdf.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.cli.PlegdfCli;
import org.plegdf.data.FrameLoader;
import org.plegdf.data.ImageOps;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;

class SynthTest {
    @TempDir Path dir;

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(d));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameBytesWhateverTheThreads() throws Exception {
        SynthOptions o = new SynthOptions(8, 2, 3, 48, 11);
        SyntheticDataset.write(dir.resolve("a"), o, 1, false);
        SyntheticDataset.write(dir.resolve("b"), o, 3, false);
        SyntheticDataset.write(dir.resolve("c"), new SynthOptions(8, 2, 3, 48, 12), 2, false);
        Map<String, String> a = hashes(dir.resolve("a"));
        assertThat(a).hasSize(8 * 2 * 3 + 2).containsKeys("manifest.csv", "synth.json", "frames/s001_v1/frame_0001.png");
        assertThat(hashes(dir.resolve("b"))).isEqualTo(a);
        Map<String, String> c = hashes(dir.resolve("c"));
        assertThat(c.keySet()).isEqualTo(a.keySet());
        assertThat(c.get("frames/s001_v1/frame_0001.png")).isNotEqualTo(a.get("frames/s001_v1/frame_0001.png"));
    }

    @Test
    void writesAReadableDatasetSplitBySubject() throws IOException {
        SyntheticDataset.Result r = SyntheticDataset.write(dir, new SynthOptions(12, 2, 4, 40, 3), 2, false);
        assertThat(r.videos()).isEqualTo(24);
        assertThat(r.frames()).isEqualTo(96);
        Manifest m = ManifestReader.read(dir);
        // 12 subjects: 6 / 3 / 3, two videos each; the reader has already checked subjects stay in one split
        assertThat(m.subjects(Split.TRAIN)).hasSize(6);
        assertThat(m.subjects(Split.DEV)).hasSize(3);
        assertThat(m.subjects(Split.TEST)).hasSize(3);
        assertThat(m.records()).hasSize(24).allMatch(VideoRecord::isLabelled)
                .allMatch(v -> v.label() >= 0 && v.label() <= Cohort.MAX_SCORE && v.label() == Math.rint(v.label()));
        FrameLoader loader = FrameLoader.unnormalised(40);
        for (VideoRecord v : m.records()) {
            assertThat(m.frames(v).size()).isEqualTo(4);
            float[] t = loader.load(m.frames(v).get(0));
            assertThat(t).hasSize(3 * 40 * 40);
        }
    }

    @Test
    void scoresAreSkewedLikeAvec2013AndSplitsSpanTheRange() {
        List<Cohort.Subject> c = Cohort.draw(4000, new Random(1));
        int[] s = c.stream().mapToInt(Cohort.Subject::bdi).sorted().toArray();
        double under20 = Arrays.stream(s).filter(v -> v < 20).count() / (double) s.length;
        assertThat(under20).isBetween(0.65, 0.85);
        assertThat(s[s.length / 2]).isBetween(9, 15);
        assertThat(s[s.length - 1]).isEqualTo(45);
        assertThat(s[0]).isZero();
        assertThat(Arrays.stream(s).filter(v -> v >= 30).count()).isGreaterThan(200);
        assertThat(c.stream().filter(x -> x.split() == Split.TRAIN).count()).isEqualTo(2000);
        assertThat(c.stream().filter(x -> x.split() == Split.DEV).count()).isEqualTo(1000);
        for (Split split : Split.values()) {
            double mean = c.stream().filter(x -> x.split() == split).mapToInt(Cohort.Subject::bdi).average().orElseThrow();
            assertThat(mean).isBetween(13.0, 17.0);
        }
    }

    /** Renders one face at several scores with everything else fixed. */
    private static int[][] renderAtScores(double... scores) {
        Random r = new Random(21);
        Identity id = Identity.draw(r);
        double[] gains = new double[DepressionCues.CUES];
        Arrays.fill(gains, 1);
        FrameState still = new FrameState(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0);
        int[][] out = new int[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            BufferedImage img = FaceRenderer.render(id, DepressionCues.of(scores[i], gains), still, 112);
            out[i] = ImageOps.rgbPixels(img).clone();
        }
        return out;
    }

    @Test
    void cuesGrowWithTheScoreAndStayOnTheFace() {
        int[][] img = renderAtScores(0, 15, 45);
        long[] changed = new long[2];
        long outsideFace = 0;
        for (int k = 0; k < 2; k++) {
            for (int p = 0; p < img[0].length; p++) {
                if (img[0][p] != img[k + 1][p]) {
                    changed[k]++;
                    int x = p % 112;
                    int y = p / 112;
                    // brows to chin, between the cheeks: where the cues live
                    if (y < 112 * 0.22 || y > 112 * 0.95 || x < 112 * 0.12 || x > 112 * 0.88) {
                        outsideFace++;
                    }
                }
            }
        }
        assertThat(changed[0]).isGreaterThan(50);
        assertThat(changed[1]).isGreaterThan(changed[0]);
        assertThat(outsideFace).isZero();
        // and the changes are local: most of the face is untouched even at the highest score
        assertThat(changed[1]).isLessThan(112 * 112 / 5);
    }

    @Test
    void pngEncoderWritesPixelsAnyDecoderReadsBack() throws IOException {
        Random r = new Random(8);
        BufferedImage img = new BufferedImage(37, 21, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 37; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        byte[] png;
        try (PngEncoder enc = new PngEncoder()) {
            png = enc.encode(img);
            assertThat(enc.encode(img)).isEqualTo(png);
        }
        BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(back.getWidth()).isEqualTo(37);
        assertThat(back.getHeight()).isEqualTo(21);
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 37; x++) {
                assertThat(back.getRGB(x, y) & 0xFFFFFF).isEqualTo(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void refusesAFolderWithOtherFilesAndReplacesAnEarlierDataset() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> SyntheticDataset.write(other, new SynthOptions(4, 1, 1, 32, 1), 1, false))
                .isInstanceOfSatisfying(PlegdfException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.OUTPUT_NOT_WRITABLE);
                    assertThat(e.getMessage()).contains("not empty");
                });
        assertThat(other.resolve("keep.txt")).exists();
        Path out = dir.resolve("ds");
        SyntheticDataset.write(out, new SynthOptions(8, 1, 2, 32, 1), 2, false);
        SyntheticDataset.write(out, new SynthOptions(4, 1, 2, 32, 1), 2, false);
        try (Stream<Path> s = Files.list(out.resolve("frames"))) {
            assertThat(s.count()).isEqualTo(4);
        }
        assertThat(ManifestReader.read(out).records()).hasSize(4);
    }

    @Test
    void commandWritesADatasetAndReportsBadOptions() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PlegdfCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        Path ds = dir.resolve("cli");
        int code = cl.execute("synth", "--out", ds.toString(), "--subjects", "4", "--frames", "2", "--size", "32", "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote 8 videos, 16 frames").contains("train 4 videos / 2 subjects");
        assertThat(ds.resolve("manifest.csv")).exists();

        int bad = cl.execute("synth", "--out", dir.resolve("x").toString(), "--subjects", "2");
        assertThat(bad).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--subjects must be in [4, 100000]");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
