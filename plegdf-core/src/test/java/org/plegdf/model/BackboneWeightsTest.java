package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** Strict and partial loading of torchvision-style backbone state_dicts (no PyTorch needed). */
class BackboneWeightsTest {
    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void start() {
        Engines.engine();
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    private ResNetBackbone backbone(BackboneSpec spec) {
        ResNetBackbone b = new ResNetBackbone(spec);
        b.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        return b;
    }

    /** A torchvision-style export of a freshly initialised backbone, with fc and batch counters. */
    private Map<String, Safetensors.Tensor> export(BackboneSpec spec) {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>(StateDict.extract(backbone(spec)));
        t.put("fc.weight", new Safetensors.Tensor("F32", new long[] {10, spec.c4Channels()}, new float[10 * spec.c4Channels()]));
        t.put("fc.bias", new Safetensors.Tensor("F32", new long[] {10}, new float[10]));
        t.put("bn1.num_batches_tracked", new Safetensors.Tensor("F32", new long[] {}, new float[] {3}));
        return t;
    }

    private Path write(String name, Map<String, Safetensors.Tensor> tensors) throws IOException {
        Path f = dir.resolve(name);
        Safetensors.write(f, tensors, Map.of());
        return f;
    }

    @Test
    void strictLoadCopiesEveryTensorAndIgnoresFcAndBatchCounters() throws IOException {
        Map<String, Safetensors.Tensor> src = export(BackboneSpec.RESNET18_QUARTER);
        ResNetBackbone target = backbone(BackboneSpec.RESNET18_QUARTER);
        StateDict.LoadReport r = BackboneWeights.load(target, write("ok.safetensors", src), false);
        assertThat(r.isExact()).isTrue();
        Map<String, Safetensors.Tensor> now = StateDict.extract(target);
        assertThat(now.keySet()).containsExactlyElementsOf(r.loaded());
        for (String k : now.keySet()) {
            assertThat(now.get(k).values()).as(k).containsExactly(src.get(k).values());
        }
    }

    @Test
    void strictLoadListsEveryProblemInOneErrorAndChangesNothing() throws IOException {
        Map<String, Safetensors.Tensor> src = export(BackboneSpec.RESNET18_QUARTER);
        src.remove("layer4.1.bn2.running_var");
        src.put("layer5.0.conv1.weight", new Safetensors.Tensor("F32", new long[] {1}, new float[1]));
        src.put("conv1.weight", new Safetensors.Tensor("F32", new long[] {16, 3, 3, 3}, new float[16 * 27]));
        Path f = write("bad.safetensors", src);
        ResNetBackbone target = backbone(BackboneSpec.RESNET18_QUARTER);
        float[] before = StateDict.extract(target).get("layer1.0.conv1.weight").values();

        assertThatThrownBy(() -> BackboneWeights.load(target, f, false))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_WEIGHTS))
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining("1 missing (layer4.1.bn2.running_var)")
                .hasMessageContaining("1 unexpected (layer5.0.conv1.weight)")
                .hasMessageContaining("1 with the wrong shape (conv1.weight: file F32 [16, 3, 3, 3] vs model [16, 3, 7, 7])")
                .hasMessageContaining("--allow-partial");
        assertThat(StateDict.extract(target).get("layer1.0.conv1.weight").values()).containsExactly(before);
    }

    @Test
    void partialLoadTakesWhatMatchesAndReportsTheRest() throws IOException {
        Map<String, Safetensors.Tensor> src = export(BackboneSpec.RESNET18_QUARTER);
        src.remove("layer4.1.bn2.running_var");
        src.put("extra.weight", new Safetensors.Tensor("F32", new long[] {1}, new float[1]));
        ResNetBackbone target = backbone(BackboneSpec.RESNET18_QUARTER);
        StateDict.LoadReport r = BackboneWeights.load(target, write("partial.safetensors", src), true);
        assertThat(r.missing()).containsExactly("layer4.1.bn2.running_var");
        assertThat(r.unexpected()).containsExactly("extra.weight");
        assertThat(r.loaded()).hasSize(TorchNames.of(target).size() - 1);
        assertThat(StateDict.extract(target).get("layer4.1.bn2.running_mean").values())
                .containsExactly(src.get("layer4.1.bn2.running_mean").values());
    }

    @Test
    void anotherResNetIsNamedInTheError() throws IOException {
        Path f = write("r18q.safetensors", export(BackboneSpec.RESNET18_QUARTER));
        ResNetBackbone half = backbone(BackboneSpec.RESNET18_HALF);
        // Every tensor has the wrong shape, so nothing would load even with --allow-partial.
        assertThatThrownBy(() -> BackboneWeights.load(half, f, true))
                .isInstanceOf(PlegdfException.class)
                .hasMessageContaining("no tensor matches the resnet18-half backbone")
                .hasMessageContaining("the file looks like resnet18-quarter, the model's backbone is resnet18-half");
    }

    @Test
    void prefixedKeysAreExplained() throws IOException {
        Map<String, Safetensors.Tensor> prefixed = new LinkedHashMap<>();
        export(BackboneSpec.RESNET18_QUARTER).forEach((k, v) -> prefixed.put("backbone." + k, v));
        Path f = write("wrapped.safetensors", prefixed);
        assertThatThrownBy(() -> BackboneWeights.load(backbone(BackboneSpec.RESNET18_QUARTER), f, false))
                .isInstanceOf(PlegdfException.class)
                .hasMessageContaining("its keys carry the prefix 'backbone.'");
    }

    @Test
    void dataParallelsPrefixIsRemoved() throws IOException {
        Map<String, Safetensors.Tensor> src = export(BackboneSpec.RESNET18_QUARTER);
        Map<String, Safetensors.Tensor> prefixed = new LinkedHashMap<>();
        src.forEach((k, v) -> prefixed.put("module." + k, v));
        ResNetBackbone target = backbone(BackboneSpec.RESNET18_QUARTER);
        StateDict.LoadReport r = BackboneWeights.load(target, write("dp.safetensors", prefixed), false);
        assertThat(r.isExact()).isTrue();
        assertThat(StateDict.extract(target).get("layer1.0.conv1.weight").values()).containsExactly(src.get("layer1.0.conv1.weight").values());
    }

    @Test
    void aDamagedFileIsABadWeightsError() throws IOException {
        Path f = dir.resolve("resnet18.pth");
        java.nio.file.Files.write(f, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> BackboneWeights.load(backbone(BackboneSpec.RESNET18_QUARTER), f, false))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_WEIGHTS))
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining("not a complete zip archive");
    }
}
