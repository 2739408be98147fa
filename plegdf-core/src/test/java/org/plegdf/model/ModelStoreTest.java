package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.store.ModelStore;
import org.plegdf.testkit.TinyModel;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

class ModelStoreTest {
    @TempDir Path tmp;

    private static NDList infer(PlegdfFglscfNet net, NDManager m, NDArray x) {
        return net.forward(new ParameterStore(m, false), new NDList(x), false);
    }

    @Test
    void savingAndLoadingGivesBitIdenticalOutputs() {
        ModelConfig cfg = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 64);
        cfg.dropout = 0.1;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            // Move BatchNorm running statistics away from their initial values so they are tested too.
            net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(net.inputShape(4)).add(0.5)), true);
            NDArray x = m.randomNormal(net.inputShape(3));
            NDList before = infer(net, m, x);
            ModelStore.save(net, tmp.resolve("model"));

            try (NDManager m2 = NDManager.newBaseManager(Device.cpu())) {
                PlegdfFglscfNet loaded = ModelStore.load(tmp.resolve("model"), m2);
                NDList after = infer(loaded, m2, x.toDevice(Device.cpu(), true));
                assertThat(loaded.config().dropout).isEqualTo(0.1);
                for (int i = 0; i < before.size(); i++) {
                    assertThat(after.get(i).toFloatArray()).as(before.get(i).getName()).containsExactly(before.get(i).toFloatArray());
                }
            }
        }
    }

    @Test
    void weightsThatDoNotMatchTheConfigurationAreRefusedByName() throws Exception {
        ModelConfig cfg = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 64);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            Path dir = tmp.resolve("model");
            ModelStore.save(net, dir);
            // The configuration now claims a wider token stage than the weights hold.
            String json = Files.readString(dir.resolve(ModelStore.CONFIG)).replace("\"dim\" : 32", "\"dim\" : 48");
            Files.writeString(dir.resolve(ModelStore.CONFIG), json);
            assertThatThrownBy(() -> ModelStore.load(dir, m))
                    .isInstanceOf(PlegdfException.class)
                    .hasMessageContaining("weights.safetensors")
                    .hasMessageContaining("wrong shape")
                    .satisfies(e -> assertThat(((PlegdfException) e).exitCode()).isEqualTo(ExitCodes.BAD_MODEL));
        }
    }

    @Test
    void aFolderThatIsNotAModelIsRefused() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertThatThrownBy(() -> ModelStore.load(tmp.resolve("empty"), m))
                    .hasMessageContaining("not a plegdf model folder");
            assertThatThrownBy(() -> ModelStore.load(tmp.resolve("absent"), m))
                    .hasMessageContaining("model folder not found");
        }
    }

    @Test
    void aModelFromANewerFormatIsRefusedByName() throws Exception {
        ModelConfig cfg = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.BACKBONE_ONLY, 64);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            Path dir = tmp.resolve("model");
            ModelStore.save(net, dir);
            String json = Files.readString(dir.resolve(ModelStore.CONFIG)).replace("\"format_version\" : 1", "\"format_version\" : 99");
            Files.writeString(dir.resolve(ModelStore.CONFIG), json);
            assertThatThrownBy(() -> ModelStore.load(dir, m))
                    .hasMessageContaining("config.json")
                    .hasMessageContaining("newer than this plegdf");
        }
    }
}
