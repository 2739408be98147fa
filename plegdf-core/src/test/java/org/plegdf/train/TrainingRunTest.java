package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.model.Ablation;
import org.plegdf.model.BackboneSpec;
import org.plegdf.model.ModelConfig;
import org.plegdf.testkit.JsonSchema;
import org.plegdf.testkit.TinyModel;
import org.plegdf.util.Json;

/** End to end on generated videos: train, evaluate, the outputs' schema, and learning happened. */
class TrainingRunTest {
    @TempDir Path tmp;

    static TrainConfig quickTraining(int epochs) {
        TrainConfig t = new TrainConfig();
        t.epochs = epochs;
        t.batchSize = 16;
        t.lrBackbone = 2e-3;
        t.lrHead = 2e-3;
        t.maxFramesPerVideo = 8;
        t.evalMaxFrames = 4;
        t.warmupEpochs = 0.5;
        t.workers = 2;
        t.device = "cpu";
        t.seed = 3;
        return t;
    }

    @Test
    void trainsEvaluatesAndBeatsTheUntrainedModel() throws Exception {
        Path data = BlobDataset.write(tmp.resolve("data"), 12, 4, 4, 8, 64, 11);
        Manifest m = ManifestReader.read(data);

        // The untrained network, for comparison: zero epochs is not allowed, so one epoch at lr ~ 0.
        TrainConfig none = quickTraining(1);
        none.lrBackbone = 0;
        none.lrHead = 1e-12;
        new TrainingRun(m, TinyModel.config(), none, tmp.resolve("untrained")).run();
        Evaluation.Report before = Evaluation.run(RunFolder.of(tmp.resolve("untrained")), m, Split.TEST, tmp.resolve("eval0"), "cpu");

        TrainingRun.Result r = new TrainingRun(m, TinyModel.config(), quickTraining(10), tmp.resolve("run")).run();
        Path run = tmp.resolve("run");
        assertThat(run.resolve("model/config.json")).isRegularFile();
        assertThat(run.resolve("model/weights.safetensors")).isRegularFile();
        assertThat(run.resolve("run_config.json")).isRegularFile();
        assertThat(run.resolve("checkpoints/latest")).isRegularFile();
        JsonNode info = Json.mapper().readTree(run.resolve("run.json").toFile());
        assertThat(info.get("seed").asLong()).isEqualTo(3);
        assertThat(info.get("engine").asText()).startsWith("PyTorch");
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertThat(history.get(0)).isEqualTo(History.HEADER);
        assertThat(history).hasSize(11);
        for (String png : new String[] {"loss.png", "dev_rmse.png", "dev_scatter.png"}) {
            assertThat(ImageIO.read(run.resolve("plots").resolve(png).toFile())).as(png).isNotNull();
        }
        assertThat(r.bestEpoch()).isBetween(1, 10);
        // Data with signal: the selected model beats the mean predictor on dev, and result.json says so.
        assertThat(r.bestDev().rmse()).isLessThan(r.bestDev().baselineRmse());
        assertThat(Json.mapper().readTree(run.resolve("result.json").toFile()).get("beats_mean_predictor").asBoolean()).isTrue();
        assertThat(r.warning()).isEmpty();

        Evaluation.Report after = Evaluation.run(RunFolder.of(run), m, Split.TEST, tmp.resolve("eval"), "cpu");
        JsonNode json = Json.mapper().readTree(tmp.resolve("eval/metrics.json").toFile());
        assertThat(JsonSchema.of("metrics.schema.json").violations(json)).as("docs/schemas/metrics.schema.json").isEmpty();
        assertThat(json.get("per_video")).hasSize(4);
        assertThat(json.get("per_video").get(0).get("frames").asInt()).isEqualTo(4);
        assertThat(after.rmse()).isLessThan(before.rmse());
        assertThat(after.mae()).isLessThan(before.mae());
    }

    @Test
    void startsFromPretrainedBackboneWeights() throws Exception {
        Path data = BlobDataset.write(tmp.resolve("data"), 4, 2, 1, 4, 64, 5);
        ModelConfig mc = TinyModel.config();
        // torchvision-style state_dict of a backbone: names without the "backbone." prefix, plus an fc to ignore
        java.util.Map<String, org.plegdf.model.Safetensors.Tensor> sd = new java.util.LinkedHashMap<>();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu())) {
            org.plegdf.model.PlegdfFglscfNet donor = new org.plegdf.model.PlegdfFglscfNet(mc);
            donor.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, donor.inputShape(1));
            org.plegdf.model.StateDict.extract(donor).forEach((k, v) -> {
                if (k.startsWith("backbone.")) {
                    sd.put(k.substring("backbone.".length()), v);
                }
            });
        }
        sd.put("fc.weight", new org.plegdf.model.Safetensors.Tensor("F32", new long[] {2, 2}, new float[4]));
        Path file = tmp.resolve("resnet.safetensors");
        org.plegdf.model.Safetensors.write(file, sd, java.util.Map.of());

        TrainConfig tc = quickTraining(1);
        tc.lrBackbone = 0; // the backbone must still hold the file's weights after training
        tc.backboneWeights = file.toString();
        new TrainingRun(ManifestReader.read(data), mc, tc, tmp.resolve("run")).run();
        var saved = org.plegdf.model.Safetensors.read(tmp.resolve("run/model/weights.safetensors")).tensors();
        assertThat(saved.get("backbone.conv1.weight").values()).containsExactly(sd.get("conv1.weight").values());
        assertThat(saved.get("backbone.layer4.1.conv2.weight").values()).containsExactly(sd.get("layer4.1.conv2.weight").values());
    }

    @Test
    void startsFromAWholeNetworksWeights() throws Exception {
        Path data = BlobDataset.write(tmp.resolve("data"), 4, 2, 1, 4, 64, 5);
        ModelConfig mc = TinyModel.config();
        java.util.Map<String, org.plegdf.model.Safetensors.Tensor> sd;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu())) {
            org.plegdf.model.PlegdfFglscfNet donor = new org.plegdf.model.PlegdfFglscfNet(mc);
            donor.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, donor.inputShape(1));
            sd = org.plegdf.model.StateDict.extract(donor);
        }
        Path file = tmp.resolve("network.safetensors");
        org.plegdf.model.Safetensors.write(file, sd, java.util.Map.of());

        TrainConfig tc = quickTraining(1);
        tc.seed = 99; // another seed than the donor's initialisation
        tc.lrBackbone = 0;
        tc.lrHead = 1e-12; // the new modules keep the file's weights to within 1e-6
        tc.initWeights = file.toString();
        new TrainingRun(ManifestReader.read(data), mc, tc, tmp.resolve("run")).run();
        var saved = org.plegdf.model.Safetensors.read(tmp.resolve("run/model/weights.safetensors")).tensors();
        assertThat(saved.get("backbone.conv1.weight").values()).containsExactly(sd.get("backbone.conv1.weight").values());
        for (String name : sd.keySet()) {
            if (name.contains(".running_")) {
                continue; // BatchNorm statistics follow the training batches
            }
            float[] want = sd.get(name).values();
            float[] got = saved.get(name).values();
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).as(name).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }
}
