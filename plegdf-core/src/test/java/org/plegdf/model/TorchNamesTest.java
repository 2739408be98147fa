package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plegdf.testkit.TinyModel;

class TorchNamesTest {

    @Test
    void backboneParametersCarryTorchvisionNames() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(TinyModel.config(BackboneSpec.RESNET50, Ablation.FULL, 64));
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            Map<String, ai.djl.nn.Parameter> names = TorchNames.of(net);
            assertThat(names).containsKeys(
                    "backbone.conv1.weight",
                    "backbone.bn1.weight",
                    "backbone.bn1.bias",
                    "backbone.bn1.running_mean",
                    "backbone.bn1.running_var",
                    "backbone.layer1.0.conv3.weight",
                    "backbone.layer1.0.downsample.0.weight",
                    "backbone.layer1.0.downsample.1.running_var",
                    "backbone.layer4.2.bn3.weight",
                    "local_tokens.pos_embed",
                    "global_tokens.lpu.weight",
                    "global_tokens.lpu.bias",
                    "plegdf.region_encoder.0.attn.q.weight",
                    "plegdf.enhance.norm_kv.weight",
                    "fglscf.pool_score.weight",
                    "head.fc2.bias",
                    "aux_local.weight");
            assertThat(names).doesNotContainKeys("fglscf.pool_score.bias", "backbone.conv1.bias");
            assertThat(names.get("backbone.conv1.weight").getShape().getShape()).containsExactly(64, 3, 7, 7);
            assertThat(names.get("backbone.layer1.0.conv2.weight").getShape().getShape()).containsExactly(64, 64, 3, 3);
            // 3 x 4 x 6 x 3 bottlenecks: 16 blocks, 3 conv + 3 bn each, plus 4 downsample pairs.
            long convs = names.keySet().stream().filter(n -> n.startsWith("backbone.layer") && n.endsWith(".weight")
                    && names.get(n).getShape().dimension() == 4).count();
            assertThat(convs).isEqualTo(16 * 3 + 4);
        }
    }

    @Test
    void djlPositionPrefixIsStripped() {
        assertThat(TorchNames.childName("01conv1")).isEqualTo("conv1");
        assertThat(TorchNames.childName("120")).isEqualTo("0");
        assertThat(TorchNames.childName("x")).isEqualTo("x");
    }
}
