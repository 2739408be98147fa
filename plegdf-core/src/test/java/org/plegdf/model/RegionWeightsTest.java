package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.plegdf.testkit.TinyModel;

class RegionWeightsTest {

    @Test
    void regionAttentionWeightsSumToOnePerImage() {
        ModelConfig cfg = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 96);
        cfg.regions = 4;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            NDArray x = m.randomNormal(net.inputShape(5)).mul(2);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            float[] w = out.get(PlegdfFglscfNet.REGION_WEIGHTS).toFloatArray();
            assertThat(w).hasSize(5 * 16);
            for (int b = 0; b < 5; b++) {
                double sum = 0;
                for (int r = 0; r < 16; r++) {
                    float v = w[b * 16 + r];
                    assertThat(v).isBetween(0f, 1f);
                    sum += v;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void regionPoolingEqualsPyTorchAdaptiveAveragePooling() {
        // 7 -> 4 bins as PyTorch computes them: [0,2) [1,4) [3,6) [5,7) per axis.
        float[] m = RegionPooling.weights(7, 7, 4);
        int hw = 49;
        // Region (0, 0) averages rows 0-1, cols 0-1.
        assertThat(m[0]).isEqualTo(0.25f);
        assertThat(m[1]).isEqualTo(0.25f);
        assertThat(m[7]).isEqualTo(0.25f);
        assertThat(m[2]).isZero();
        // Region (1, 1) averages rows 1-3, cols 1-3: 9 cells.
        int row = (1 * 4 + 1) * hw;
        assertThat(m[row + 1 * 7 + 1]).isEqualTo(1f / 9);
        assertThat(m[row + 3 * 7 + 3]).isEqualTo(1f / 9);
        assertThat(m[row + 0 * 7 + 1]).isZero();
        for (int r = 0; r < 16; r++) {
            double s = 0;
            for (int i = 0; i < hw; i++) {
                s += m[r * hw + i];
            }
            assertThat(s).isCloseTo(1.0, within(1e-6));
        }
    }
}
