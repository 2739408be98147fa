package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.plegdf.model.Ablation;
import org.plegdf.model.Engines;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Safetensors;
import org.plegdf.model.StateDict;
import org.plegdf.model.TorchNames;
import org.plegdf.testkit.TinyModel;

/** The exponential moving average of the weights: its arithmetic, its swap and its checkpoint round trip. */
class WeightAverageTest {
    @Test
    void averagesWithTheWarmedUpDecaySwapsAndRestores() {
        Engines.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(TinyModel.config(Ablation.FULL));
            net.initialize(m, DataType.FLOAT32, net.inputShape(2));
            Parameter p = TorchNames.of(net).get("head.fc2.bias");
            p.getArray().set(new NDIndex("..."), 1f);
            try (WeightAverage avg = new WeightAverage(net, 0.99, m)) {
                // the weight moves to 3; the first update's decay is min(0.99, 2/11)
                p.getArray().set(new NDIndex("..."), 3f);
                avg.update();
                float d = 2f / 11f;
                float expected = d * 1f + (1 - d) * 3f;
                avg.swap();
                assertThat(p.getArray().toFloatArray()[0]).isCloseTo(expected, Offset.offset(1e-6f));
                avg.swap();
                assertThat(p.getArray().toFloatArray()[0]).isEqualTo(3f);

                Map<String, Safetensors.Tensor> saved = avg.export();
                p.getArray().set(new NDIndex("..."), 5f);
                avg.update();
                avg.restore(saved);
                avg.swap();
                assertThat(p.getArray().toFloatArray()[0]).isCloseTo(expected, Offset.offset(1e-6f));
                // every other array of the network is untouched by a swap of an average that never moved
                NDArray w = TorchNames.of(net).get("backbone.conv1.weight").getArray();
                assertThat(StateDict.extract(net).get("backbone.conv1.weight").values()).containsExactly(w.toFloatArray());
            }
        }
    }
}
