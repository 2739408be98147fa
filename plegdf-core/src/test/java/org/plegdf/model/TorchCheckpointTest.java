package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.plegdf.model.interop.RawTensor;
import org.plegdf.model.interop.WeightsFormat;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * torch.save files written by PyTorch (tools/reference/checkpoints.py: torchvision resnet18 in both
 * formats, wrapped and bare, with DataParallel's prefix, in half and bfloat16 precision, and views
 * of shared storages) read without Python: every tensor equals, bit for bit, the same tensor that
 * PyTorch wrote as safetensors; the backbone computes what torchvision computes. Hostile files are
 * refused with one line, and the os.system payload never runs.
 */
class TorchCheckpointTest {
    private static final int SIZE = 64;

    @TempDir
    static Path dir;

    static Path marker;

    @BeforeAll
    static void write() throws Exception {
        Reference.requireTorch();
        marker = dir.resolve("pwned");
        Reference.script("checkpoints.py", "torchvision", "--arch", "resnet18", "--size", SIZE, "--out", dir);
        Reference.script("checkpoints.py", "views", "--out", dir);
        Reference.script("checkpoints.py", "hostile", "--marker", marker, "--out", dir.resolve("hostile"));
        assertThat(Files.readString(dir.resolve("hostile/os-system.pth"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the payload is in the file").contains("system").contains(marker.toString());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "resnet18-zip.pth, resnet18.safetensors, TORCH_ZIP, the top level",
        "resnet18-legacy.pth, resnet18.safetensors, TORCH_LEGACY, the top level",
        "resnet18-wrapped.pth, resnet18-wrapped.safetensors, TORCH_ZIP, key 'state_dict'",
        "resnet18-wrapped-legacy.pth, resnet18-wrapped.safetensors, TORCH_LEGACY, key 'model_state_dict'",
        "resnet18-dp.pth, resnet18-wrapped.safetensors, TORCH_ZIP, \"the top level, DataParallel's 'module.' prefix removed\"",
        "resnet18-half.pth, resnet18-half.safetensors, TORCH_ZIP, the top level",
        "resnet18-bf16-legacy.pth, resnet18-bf16.safetensors, TORCH_LEGACY, the top level",
        "views-zip.pth, views.safetensors, TORCH_ZIP, the top level",
        "views-legacy.pth, views.safetensors, TORCH_LEGACY, the top level",
        "views-p4-legacy.pth, views.safetensors, TORCH_LEGACY, the top level",
        "views-p5-zip.pth, views.safetensors, TORCH_ZIP, the top level",
    })
    void everyTensorIsBitForBitWhatPyTorchWrote(String pth, String safetensors, WeightsFormat format, String where) {
        WeightsFile.Contents got = WeightsFile.readRaw(dir.resolve(pth));
        Map<String, RawTensor> want = Safetensors.readRaw(dir.resolve(safetensors)).tensors();
        assertThat(got.format()).isEqualTo(format);
        assertThat(got.where()).isEqualTo(where);
        assertThat(new ArrayList<>(got.tensors().keySet())).isEqualTo(new ArrayList<>(want.keySet()));
        want.forEach((name, w) -> {
            RawTensor g = got.tensors().get(name);
            assertThat(g.dtype()).as(name).isEqualTo(w.dtype());
            assertThat(g.shape()).as(name).isEqualTo(w.shape());
            assertThat(g.data()).as(name).isEqualTo(w.data());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18-zip.pth", "resnet18-legacy.pth", "resnet18-half.pth"})
    void theBackboneComputesWhatTorchvisionComputes(String pth) {
        Engines.engine();
        Map<String, Safetensors.Tensor> io = Reference.tensors(dir.resolve("resnet18-io.safetensors"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            ResNetBackbone backbone = new ResNetBackbone(BackboneSpec.parse("resnet18"));
            backbone.initialize(m, DataType.FLOAT32, new Shape(2, 3, SIZE, SIZE));
            StateDict.LoadReport report = BackboneWeights.load(backbone, dir.resolve(pth), false);
            assertThat(report.isExact()).isTrue();
            NDList taps = backbone.forward(new ParameterStore(m, false), new NDList(Reference.array(m, io.get("input"))), false);
            NDArray pooled = PlegdfFglscfNet.globalAveragePool(taps.get(1));
            double d = Reference.relativeDiff(pooled, io.get("pooled"));
            System.out.printf("parity %s: pooled max|diff|/max|ref| %.2e%n", pth, d);
            // the half-precision file holds other (rounded) weights than the float32 reference
            assertThat(d).isLessThanOrEqualTo(pth.contains("half") ? 5e-3 : 1e-4);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "os-system.pth | the Python global 'posix.system'",
        "os-system-legacy.pth | the Python global 'posix.system'",
        "eval.pth | the Python global '__builtin__.eval'",
        "module.pth | the Python global 'torch.nn.modules.linear.Linear'",
        "truncated.pth | not a complete zip archive (truncated or damaged",
        "short-storage.pth | holds 16 bytes but the pickle claims 16 F32 elements",
        "beyond-storage.pth | reaches beyond its storage of 4 elements",
        "huge-claim.pth | holds 16 bytes but the pickle claims 2684354560",
        "huge-claim-legacy.pth | (10737418240 bytes) but only 16 bytes remain",
        "nested.pth | more than 100000 objects at once on its stack",
        "deep-memo.pth | nests containers more than 100 deep",
        "expand.pth | has more elements than its storage of 4",
        "many-views.pth | views that multiply one storage",
    })
    void hostileFilesAreRefusedWithOneLine(String file, String why) {
        Path f = dir.resolve("hostile").resolve(file);
        long before = usedHeap();
        assertThatThrownBy(() -> WeightsFile.readRaw(f))
                .isInstanceOfSatisfying(PlegdfException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_WEIGHTS);
                    assertThat(e.getMessage()).startsWith(f.toString()).contains(why).doesNotContain("\n");
                });
        assertThat(Files.exists(marker)).as("the os.system payload ran").isFalse();
        assertThat(usedHeap() - before).as("heap grown").isLessThan(512L << 20);
    }

    @Test
    void aFileOfAnotherKindIsNamedAsSuch() throws Exception {
        Path f = dir.resolve("notes.pth");
        Files.writeString(f, "hello, not weights");
        assertThatThrownBy(() -> WeightsFile.readRaw(f)).isInstanceOf(PlegdfException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining("not a weights file plegdf reads");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
