package org.plegdf.model;

import org.plegdf.testkit.TinyModel;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * The network built in float16 (DJL's only route to lower precision on PyTorch: no autocast, and
 * Block.cast is not implemented) runs forward end to end: no part creates float32 constants that
 * a half-precision input would meet. (bfloat16 initialisation aborts the JVM on CPU in PyTorch
 * 2.7.1 through DJL 0.36, so it is not tried here; docs/gpu.md.)
 */
class HalfPrecisionTest {
    @Test
    void theWholeNetworkRunsForwardInFloat16() {
        Engines.engine();
        ModelConfig cfg = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 32);
        PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
        try (Model model = Model.newInstance("fp16", Device.cpu())) {
            model.setDataType(DataType.FLOAT16);
            model.setBlock(net);
            NDManager m = model.getNDManager();
            net.initialize(m, DataType.FLOAT16, net.inputShape(2));
            NDArray x = m.randomNormal(net.inputShape(2)).toType(DataType.FLOAT16, false);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            NDArray score = out.get(PlegdfFglscfNet.SCORE);
            assertThat(score.getDataType()).isEqualTo(DataType.FLOAT16);
            for (float v : score.toType(DataType.FLOAT32, false).toFloatArray()) {
                assertThat(v).isFinite();
            }
        }
    }
}
