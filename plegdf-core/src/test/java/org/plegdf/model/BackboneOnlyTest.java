package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The backbone-only ablation runs: its global average pooling once used a two-axis mean that DJL's PyTorch engine rejects. */
class BackboneOnlyTest {
    @Test
    void globalAveragePoolIsTheMeanOverHeightAndWidth() {
        Engines.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.arange(2 * 3 * 4 * 5).toType(DataType.FLOAT32, false).reshape(2, 3, 4, 5);
            NDArray pooled = PlegdfFglscfNet.globalAveragePool(x);
            assertThat(pooled.getShape()).isEqualTo(new Shape(2, 3));
            // channel c of sample b holds 20 consecutive values starting at 20 (3b + c): their mean is that + 9.5
            assertThat(pooled.toFloatArray()).containsExactly(9.5f, 29.5f, 49.5f, 69.5f, 89.5f, 109.5f);
        }
    }

    @Test
    void backboneOnlyPredictsOneScorePerImage() {
        Engines.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(ParityModelTest.tiny(Ablation.BACKBONE_ONLY));
            net.initialize(m, DataType.FLOAT32, net.inputShape(2));
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(net.inputShape(2))), false);
            assertThat(out).hasSize(1);
            assertThat(out.get(PlegdfFglscfNet.SCORE).getShape()).isEqualTo(new Shape(2));
        }
    }
}
