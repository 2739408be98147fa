package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * torchvision's resnet18 and resnet50 (seeded random weights, BatchNorm statistics randomised, eval
 * mode) exported as safetensors, loaded with {@link BackboneWeights}: our backbone's C3, C4 and
 * pooled output equal torchvision's on the same input.
 */
class ParityBackboneTest {
    private static final int SIZE = 64;
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    @BeforeAll
    static void export() {
        Engines.engine();
        Reference.requireTorch();
        Reference.parity("backbone", "--arch", "resnet18", "--arch", "resnet50", "--size", SIZE, "--out", dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50"})
    void torchvisionWeightsGiveTorchvisionOutputs(String arch) {
        check(arch, ".safetensors");
    }

    /** resnet50 as a zip-format torch.save file, resnet18 as a legacy one: bit for bit the safetensors' tensors, same outputs. */
    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50"})
    void torchSaveFilesGiveTheSameWeightsAndOutputs(String arch) {
        Map<String, org.plegdf.model.interop.RawTensor> pth = WeightsFile.readRaw(dir.resolve(arch + ".pth")).tensors();
        Map<String, org.plegdf.model.interop.RawTensor> st = Safetensors.readRaw(dir.resolve(arch + ".safetensors")).tensors();
        assertThat(pth.keySet()).containsExactlyElementsOf(st.keySet());
        st.forEach((name, t) -> assertThat(pth.get(name).data()).as(name).isEqualTo(t.data()));
        check(arch, ".pth");
    }

    private void check(String arch, String extension) {
        Map<String, Safetensors.Tensor> io = Reference.tensors(dir.resolve(arch + "-io.safetensors"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            ResNetBackbone backbone = new ResNetBackbone(BackboneSpec.parse(arch));
            backbone.initialize(m, DataType.FLOAT32, new Shape(2, 3, SIZE, SIZE));
            // The export holds fc.* and num_batches_tracked too: a strict load must still accept it.
            StateDict.LoadReport report = BackboneWeights.load(backbone, dir.resolve(arch + extension), false);
            assertThat(report.isExact()).isTrue();
            assertThat(report.loaded()).hasSize(TorchNames.of(backbone).size());

            NDList taps = backbone.forward(new ParameterStore(m, false), new NDList(Reference.array(m, io.get("input"))), false);
            NDArray pooled = PlegdfFglscfNet.globalAveragePool(taps.get(1));
            double c3 = Reference.relativeDiff(taps.get(0), io.get("c3"));
            double c4 = Reference.relativeDiff(taps.get(1), io.get("c4"));
            double p = Reference.relativeDiff(pooled, io.get("pooled"));
            assertThat(c3).as("C3").isLessThanOrEqualTo(TOLERANCE);
            assertThat(c4).as("C4").isLessThanOrEqualTo(TOLERANCE);
            assertThat(p).as("pooled").isLessThanOrEqualTo(TOLERANCE);
        }
    }
}
