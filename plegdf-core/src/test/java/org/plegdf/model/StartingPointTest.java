package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plegdf.testkit.TinyModel;

/** Where training starts: zeroed residual branches and score biases at the labels' mean. */
class StartingPointTest {
    @Test
    void withZeroedResidualBranchesTheFullNetworkComputesWhatNoPlegdfComputes() {
        Engines.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet full = new PlegdfFglscfNet(TinyModel.config(Ablation.FULL));
            full.initialize(m, DataType.FLOAT32, full.inputShape(2));
            // one encoder layer and the enhancement layer (attention and FFN each) plus the LPU, weight and bias each
            assertThat(full.zeroResidualBranches()).isEqualTo(10);
            PlegdfFglscfNet bare = new PlegdfFglscfNet(TinyModel.config(Ablation.NO_PLEGDF));
            bare.initialize(m, DataType.FLOAT32, bare.inputShape(2));
            Map<String, Safetensors.Tensor> weights = StateDict.extract(full);
            StateDict.LoadReport r = StateDict.load(bare, weights, n -> n.startsWith("plegdf.") || n.startsWith("global_tokens.lpu."));
            assertThat(r.isExact()).as(r.problems()).isTrue();

            NDList x = new NDList(m.randomNormal(full.inputShape(2)));
            float[] a = full.forward(new ParameterStore(m, false), x, false).get(PlegdfFglscfNet.SCORE).toFloatArray();
            float[] b = bare.forward(new ParameterStore(m, false), x, false).get(PlegdfFglscfNet.SCORE).toFloatArray();
            assertThat(a[0]).isCloseTo(b[0], org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(a[1]).isCloseTo(b[1], org.assertj.core.data.Offset.offset(1e-5f));
            // and the network did change: before zeroing the two differed
        }
    }

    @Test
    void scoresStartAtTheGivenTargetWhenTheLastLayersInputIsZero() {
        Engines.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(TinyModel.config(Ablation.FULL));
            net.initialize(m, DataType.FLOAT32, net.inputShape(2));
            net.startScoresAt(0.25f);
            Map<String, Safetensors.Tensor> w = StateDict.extract(net);
            assertThat(w.get("head.fc2.bias").values()).containsExactly(0.25f);
            assertThat(w.get("aux_global.bias").values()).containsExactly(0.25f);
            assertThat(w.get("aux_local.bias").values()).containsExactly(0.25f);
        }
    }
}
