package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.Ablation;
import org.plegdf.model.RatingScale;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.store.ModelBundle;
import org.plegdf.store.ModelStore;
import org.plegdf.testkit.JsonSchema;
import org.plegdf.testkit.TinyModel;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/** plegdf predict and export end to end, on videos encoded from the face fixtures. */
class PredictCommandTest {
    @TempDir static Path dir;
    static Path model;
    static Path tom;
    static Path out;
    static CliRunner.Result first;

    @BeforeAll
    static void predictOnce() throws Exception {
        model = PredictFixtures.saveUntrained(dir.resolve("run/model"), TinyModel.config(Ablation.FULL), 5, 18);
        tom = PredictFixtures.tomVideo(dir.resolve("tom.mp4"));
        out = dir.resolve("out");
        first = CliRunner.run("predict", "--model", dir.resolve("run").toString(), "--video", tom.toString(), "--out", out.toString(), "--device", "cpu");
    }

    @Test
    void predictionJsonFollowsTheSchema() throws Exception {
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode p = Json.mapper().readTree(out.resolve("prediction.json").toFile());
        assertThat(JsonSchema.of("prediction.schema.json").violations(p)).as("docs/schemas/prediction.schema.json").isEmpty();
        double score = p.get("score").asDouble();
        assertThat(p.get("scale").get("name").asText()).isEqualTo("BDI-II");
        assertThat(p.get("scale").get("max").asDouble()).isEqualTo(63);
        assertThat(p.get("band").asText()).isEqualTo(RatingScale.bdi2().bandOf(score));
        JsonNode interval = p.get("interval");
        assertThat(interval.isArray() && interval.size() == 2).isTrue();
        assertThat(interval.get(0).asDouble()).isLessThanOrEqualTo(score).isLessThan(interval.get(1).asDouble());
        assertThat(interval.get(1).asDouble()).isGreaterThanOrEqualTo(score);
        assertThat(p.get("interval_level").asDouble()).isEqualTo(0.9);

        int used = p.get("frames_used").asInt();
        JsonNode perFrame = p.get("per_frame");
        assertThat(perFrame.size()).isEqualTo(used);
        assertThat(used + p.get("frames_without_face").asInt()).isEqualTo(p.get("input").get("frames_analysed").asInt()).isEqualTo(20);
        double sum = 0;
        long lastFrame = -1;
        for (JsonNode f : perFrame) {
            assertThat(f.get("frame").asLong()).isGreaterThan(lastFrame);
            assertThat(f.get("frame").asLong() % 3).isZero();
            assertThat(f.get("time").asDouble()).isCloseTo(f.get("frame").asLong() / 30.0, within(1e-6));
            assertThat(f.get("score").asDouble()).isBetween(0.0, 63.0);
            lastFrame = f.get("frame").asLong();
            sum += f.get("score").asDouble();
        }
        assertThat(score).isCloseTo(sum / used, within(1e-9));
        // 2 x 2 regions, row-major, weights of a softmax.
        JsonNode regions = p.get("regions");
        assertThat(regions.size()).isEqualTo(4);
        double w = 0;
        for (int i = 0; i < 4; i++) {
            assertThat(regions.get(i).get("row").asInt()).isEqualTo(i / 2);
            assertThat(regions.get(i).get("col").asInt()).isEqualTo(i % 2);
            w += regions.get(i).get("weight").asDouble();
        }
        assertThat(w).isCloseTo(1.0, within(1e-4));
        assertThat(p.get("model").get("kind").asText()).isEqualTo("run");
        assertThat(p.get("model").get("preprocessing").get("frame_step").asInt()).isEqualTo(3);

        // On stdout: score, band, interval, frames used; the report; how the network computed.
        List<String> lines = first.out().lines().toList();
        assertThat(lines.get(0)).contains("BDI-II").contains(p.get("band").asText()).contains("90% interval").contains(used + " frames used");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("report: ");
        assertThat(lines.get(2)).matches("inference: (bf16|fp32) \\(auto: CPU has .*\\), 22 BatchNorms folded into their convolutions, channels-last");
    }

    @Test
    void theReportHasEverySectionAndEveryImageDecodes() throws Exception {
        Document doc = Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8");
        for (String id : List.of("result", "scale", "timeline", "face", "details", "reading")) {
            assertThat(doc.getElementById(id)).as("section #" + id).isNotNull();
        }
        JsonNode p = Json.mapper().readTree(out.resolve("prediction.json").toFile());
        assertThat(doc.getElementById("result").text()).contains(String.format(java.util.Locale.ROOT, "%.1f", p.get("score").asDouble()))
                .contains(p.get("band").asText()).contains("90% interval").contains("not a diagnosis");
        assertThat(doc.getElementById("scale").select("tr.here").text()).contains(p.get("band").asText());
        assertThat(doc.getElementById("scale").select("tbody tr")).hasSize(4);
        assertThat(doc.getElementById("frames-used").text()).isEqualTo(p.get("frames_used").asText());
        assertThat(doc.getElementById("region-table").select("td")).hasSize(4);
        for (String figure : List.of("face-image", "regions-image", "saliency-image")) {
            assertThat(doc.getElementById(figure)).as(figure).isNotNull();
        }
        assertThat(doc.getElementById("timeline").select("img")).hasSize(1);
        List<Element> images = doc.select("img");
        assertThat(images).hasSize(4);
        for (Element img : images) {
            assertThat(img.attr("src")).startsWith("data:image/png;base64,");
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(img.attr("src").substring("data:image/png;base64,".length()))));
            assertThat(decoded).as(img.attr("alt")).isNotNull();
            assertThat(decoded.getWidth()).isGreaterThan(100);
        }
        // Self-contained: nothing is fetched from anywhere.
        assertThat(doc.select("script, link, [src^=http], [href^=http]")).isEmpty();
    }

    @Test
    void jsonGoesAloneToStdoutAndNoImagesLeavesFacesOut() throws Exception {
        Path o = dir.resolve("out-json");
        CliRunner.Result r = CliRunner.run("predict", "--model", model.toString(), "--video", tom.toString(), "--out", o.toString(),
                "--json", "--no-images", "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode printed = Json.mapper().readTree(r.out());
        JsonNode written = Json.mapper().readTree(o.resolve("prediction.json").toFile());
        assertThat(printed.get("per_frame")).isEqualTo(written.get("per_frame"));
        assertThat(printed.get("model").get("kind").asText()).isEqualTo("model-folder");

        Document doc = Jsoup.parse(o.resolve("report.html").toFile(), "UTF-8");
        assertThat(doc.select("img")).hasSize(1);
        assertThat(doc.getElementById("timeline").select("img")).hasSize(1);
        assertThat(doc.getElementById("face-image")).isNull();
        assertThat(doc.getElementById("saliency-image")).isNull();
        assertThat(doc.getElementById("face").text()).contains("left out").contains("--no-images");
        assertThat(doc.getElementById("region-table")).isNotNull();
    }

    @Test
    void aBundleGivesIdenticalScores() throws Exception {
        Path bundle = dir.resolve("tiny.plegdf");
        CliRunner.Result e = CliRunner.run("export", "--model", dir.resolve("run").toString(), "--out", bundle.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("resnet18-quarter").contains("BDI-II");
        try (ZipFile z = new ZipFile(bundle.toFile())) {
            assertThat(z.stream().map(ZipEntry::getName).toList()).containsExactlyInAnyOrder(ModelBundle.MANIFEST, ModelStore.CONFIG, ModelStore.WEIGHTS);
        }
        // Loadable with no other file: the bundle alone, moved elsewhere.
        Path alone = Files.createDirectories(dir.resolve("elsewhere")).resolve("model.plegdf");
        Files.move(bundle, alone);
        Path o = dir.resolve("out-bundle");
        CliRunner.Result r = CliRunner.run("predict", "--model", alone.toString(), "--video", tom.toString(), "--out", o.toString(), "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = Json.mapper().readTree(out.resolve("prediction.json").toFile());
        JsonNode b = Json.mapper().readTree(o.resolve("prediction.json").toFile());
        assertThat(b.get("per_frame")).isEqualTo(a.get("per_frame"));
        assertThat(b.get("score")).isEqualTo(a.get("score"));
        assertThat(b.get("interval")).isEqualTo(a.get("interval"));
        assertThat(b.get("regions")).isEqualTo(a.get("regions"));
        assertThat(b.get("model").get("kind").asText()).isEqualTo("bundle");
        assertThat(b.get("model").get("made_by").asText()).isNotEmpty();
    }

    @Test
    void refusalsAreOneLineNamingTheFileAndTheProblem() throws Exception {
        Path dogsVideo = PredictFixtures.dogsVideo(dir.resolve("dogs.mp4"));
        expect(ExitCodes.NO_FACE, List.of("dogs.jpg", "no face found"),
                "predict", "--model", model.toString(), "--image", PredictFixtures.dogsPhoto().toString(), "--out", dir.resolve("x1").toString());
        expect(ExitCodes.NO_FACE, List.of("dogs.mp4", "of 10 analysed frames", "at least 5 are needed", "--min-frames"),
                "predict", "--model", model.toString(), "--video", dogsVideo.toString(), "--out", dir.resolve("x2").toString());
        Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
        Files.writeString(notAModel.resolve("notes.txt"), "hello");
        expect(ExitCodes.BAD_MODEL, List.of("not-a-model", "not a plegdf model"),
                "predict", "--model", notAModel.toString(), "--video", tom.toString());
        Path notAVideo = dir.resolve("notes.mp4");
        Files.writeString(notAVideo, "not a video");
        expect(ExitCodes.BAD_VIDEO, List.of("notes.mp4", "cannot open video"),
                "predict", "--model", model.toString(), "--video", notAVideo.toString(), "--out", dir.resolve("x3").toString());
        expect(ExitCodes.BAD_IMAGE, List.of("missing.jpg", "file not found"),
                "predict", "--model", model.toString(), "--image", dir.resolve("missing.jpg").toString(), "--out", dir.resolve("x4").toString());
        Path notABundle = dir.resolve("fake.plegdf");
        Files.writeString(notABundle, "PK? no");
        expect(ExitCodes.BAD_MODEL, List.of("fake.plegdf", "not a plegdf model bundle"),
                "predict", "--model", notABundle.toString(), "--video", tom.toString());
        assertThat(Files.exists(dir.resolve("x1"))).isFalse();
    }

    @Test
    void modelsFromANewerPlegdfAreRefusedByVersion() throws Exception {
        Path bundle = dir.resolve("current.plegdf");
        ModelBundle.export(model, bundle);
        // The same bundle as a future plegdf might write it: higher version, a field this one does not know.
        Path future = dir.resolve("future.plegdf");
        try (ZipFile in = new ZipFile(bundle.toFile());
                OutputStream os = Files.newOutputStream(future);
                ZipOutputStream zout = new ZipOutputStream(os)) {
            for (ZipEntry e : new ArrayList<>(in.stream().toList())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(ModelBundle.MANIFEST)) {
                    bytes = new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("\"format_version\" : 1", "\"format_version\" : 2, \"quantisation\" : \"int8\"")
                            .replace("\"plegdf_version\" : \"dev\"", "\"plegdf_version\" : \"9.0.0\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        expect(ExitCodes.BAD_MODEL, List.of("future.plegdf", "bundle format version 2", "newer than this plegdf", "upgrade plegdf"),
                "predict", "--model", future.toString(), "--image", PredictFixtures.tomPhoto().toString());

        Path newer = dir.resolve("newer-model");
        Files.createDirectories(newer);
        Files.copy(model.resolve(ModelStore.WEIGHTS), newer.resolve(ModelStore.WEIGHTS));
        Files.writeString(newer.resolve(ModelStore.CONFIG), Files.readString(model.resolve(ModelStore.CONFIG))
                .replace("\"format_version\" : 1", "\"format_version\" : 2, \"tokenizer\" : \"v2\""));
        expect(ExitCodes.BAD_MODEL, List.of("config.json", "model format version 2", "newer than this plegdf"),
                "predict", "--model", newer.toString(), "--image", PredictFixtures.tomPhoto().toString());
    }

    @Test
    void benchPredictTimesTheNetworkAndAWholeVideo() throws Exception {
        Path work = dir.resolve("bench");
        CliRunner.Result r = CliRunner.run("bench-predict", "--model", model.toString(), "--video", tom.toString(), "--batch", "4",
                "--throughput-seconds", "0.3", "--work", work.toString(), "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("batch   4:").contains("batch   1:").contains("end to end").contains("x real time");
        JsonNode b = Json.mapper().readTree(work.resolve("bench.json").toFile());
        assertThat(b.get("throughput")).hasSize(2);
        for (JsonNode t : b.get("throughput")) {
            assertThat(t.get("frames").asLong() % t.get("batch").asLong()).isZero();
            assertThat(t.get("frames_per_second").asDouble()).isCloseTo(t.get("frames").asDouble() / t.get("seconds").asDouble(), within(1e-6));
        }
        JsonNode e = b.get("end_to_end");
        assertThat(e.get("video_s").asDouble()).isCloseTo(2.0, within(1e-6));
        assertThat(e.get("frames_analysed").asInt()).isEqualTo(20);
        assertThat(e.get("real_time_factor").asDouble()).isCloseTo(e.get("seconds").asDouble() / 2.0, within(1e-9));
        assertThat(Files.isRegularFile(work.resolve("report/report.html"))).isTrue();
        assertThat(b.get("precision").asText()).isIn("bf16", "fp32");
        assertThat(b.get("inference").asText()).startsWith(b.get("precision").asText() + " (auto: CPU has");
    }

    @Test
    void benchPredictTimesAnUntrainedModelOfTheGivenConfiguration() throws Exception {
        Path work = dir.resolve("bench-config");
        Path config = dir.resolve("tiny.json");
        Json.write(config, TinyModel.config(Ablation.NO_FGLSCF));
        CliRunner.Result r = CliRunner.run("bench-predict", "--config", config.toString(), "--video", tom.toString(), "--batch", "2",
                "--throughput-seconds", "0.2", "--work", work.toString(), "--device", "cpu", "--precision", "fp32");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("inference: fp32 (--precision fp32), 22 BatchNorms folded");
        assertThat(ModelStore.readConfig(work.resolve("untrained-model")).ablation).isEqualTo(Ablation.NO_FGLSCF);
    }

    private static void expect(int code, List<String> fragments, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertThat(r.code()).as("exit code of %s: %s", String.join(" ", args), r.err()).isEqualTo(code);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("plegdf: error: ");
        for (String f : fragments) {
            assertThat(err).contains(f);
        }
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }
}
