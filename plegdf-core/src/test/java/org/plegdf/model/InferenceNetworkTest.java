package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.plegdf.testkit.TinyModel;

/**
 * The inference fast path against the network as it trains: BatchNorm folded into the
 * convolutions gives the same outputs in float32, channels-last too, and every ablation runs in
 * bfloat16 close to float32. BatchNorm statistics and affine parameters are set to spread values
 * first (a fresh BatchNorm is the identity, which folding would reproduce however wrong it was).
 */
class InferenceNetworkTest {

    /** Gives every BatchNorm of the network running statistics and an affine part far from identity. */
    static void spreadBatchNorms(PlegdfFglscfNet net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Map.Entry<String, Parameter> e : TorchNames.of(net).entrySet()) {
            String name = e.getKey();
            if (!name.contains("bn") && !name.contains("downsample.1")) {
                continue;
            }
            NDArray a = e.getValue().getArray();
            float[] v = new float[(int) a.size()];
            for (int i = 0; i < v.length; i++) {
                if (name.endsWith("running_var")) {
                    v[i] = (float) (0.2 + 2 * r.nextDouble());
                } else if (name.endsWith("running_mean") || name.endsWith("bias")) {
                    v[i] = (float) (r.nextDouble() - 0.5);
                } else {
                    v[i] = (float) (0.5 + r.nextDouble());
                }
            }
            a.set(v);
        }
    }

    private static NDArray input(NDManager m, PlegdfFglscfNet net, int batch) {
        return m.randomNormal(net.inputShape(batch));
    }

    @Test
    void foldingBatchNormGivesTheUnfoldedOutputsInFloat32() {
        Engines.engine().setRandomSeed(11);
        for (Ablation ablation : Ablation.values()) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                PlegdfFglscfNet net = new PlegdfFglscfNet(TinyModel.config(ablation));
                net.initialize(m, DataType.FLOAT32, net.inputShape(2));
                spreadBatchNorms(net, 5);
                NDArray x = input(m, net, 3);
                NDList plain = net.forward(new ParameterStore(m, false), new NDList(x), false);
                for (boolean channelsLast : new boolean[] {false, true}) {
                    try (InferenceNetwork fast = InferenceNetwork.prepare(net, m, Precision.FP32, channelsLast)) {
                        // resnet18: stem + 8 blocks x 2 + 3 downsamples; + 2 in the token stage when it has one
                        assertThat(fast.foldedBatchNorms()).isEqualTo(ablation.usesTokens() ? 22 : 20);
                        NDList folded = fast.forward(x);
                        assertClose(plain, folded, PlegdfFglscfNet.SCORE, 1e-5, ablation + (channelsLast ? " channels-last" : ""));
                        if (ablation.usesFglscf()) {
                            assertClose(plain, folded, PlegdfFglscfNet.REGION_WEIGHTS, 1e-6, ablation.id());
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyAblationRunsInBfloat16CloseToFloat32() {
        Engines.engine().setRandomSeed(12);
        for (Ablation ablation : Ablation.values()) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                PlegdfFglscfNet net = new PlegdfFglscfNet(TinyModel.config(ablation));
                net.initialize(m, DataType.FLOAT32, net.inputShape(2));
                spreadBatchNorms(net, 6);
                NDArray x = input(m, net, 4);
                NDList plain = net.forward(new ParameterStore(m, false), new NDList(x), false);
                try (InferenceNetwork fast = InferenceNetwork.prepare(net, m, Precision.BF16)) {
                    assertThat(fast.precision()).isEqualTo(Precision.BF16);
                    NDList out = fast.forward(x);
                    assertThat(out.get(PlegdfFglscfNet.SCORE).getDataType()).isEqualTo(DataType.FLOAT32);
                    // bfloat16 keeps 8 significant bits: about 0.4% per rounding, a few % through the network.
                    assertClose(plain, out, PlegdfFglscfNet.SCORE, 0.05 * maxAbs(plain.get(PlegdfFglscfNet.SCORE)) + 1e-3, ablation.id());
                    if (ablation.usesFglscf()) {
                        assertClose(plain, out, PlegdfFglscfNet.REGION_WEIGHTS, 0.02, ablation.id());
                        float[] w = out.get(PlegdfFglscfNet.REGION_WEIGHTS).toFloatArray();
                        assertThat(w[0] + w[1] + w[2] + w[3]).isCloseTo(1f, within(0.02f));
                    }
                }
            }
        }
    }

    @Test
    void theCastsReallyRoundToBfloat16AndBack() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            // bfloat16 keeps 8 significant bits: 1 + 2^-8 rounds (to even) to 1, pi to 3.140625.
            NDArray x = m.create(new float[] {1f, 1.00390625f, (float) Math.PI, -0.1f});
            NDArray b = Bf16Ops.toBf16(x);
            assertThat(b.getDataType()).as("DJL's name for torch.bfloat16").isEqualTo(DataType.UNKNOWN);
            // A bfloat16 matrix product: the operands stay bfloat16, so does the result.
            NDArray p = b.reshape(1, 4).matMul(b.reshape(4, 1));
            assertThat(p.getDataType()).isEqualTo(DataType.UNKNOWN);
            assertThat(Bf16Ops.toFloat32(b).toFloatArray()).containsExactly(1f, 1f, 3.140625f, -0.10009765625f);
            float[] sm = Bf16Ops.toFloat32(Bf16Ops.softmaxLastAxis(b.reshape(2, 2))).toFloatArray();
            assertThat(sm[0] + sm[1]).isCloseTo(1f, within(0.01f));
        }
    }

    @Test
    void precisionParsesAndAutoFollowsTheCpuFlags() {
        assertThat(Precision.parse(" BF16 ")).isEqualTo(Precision.BF16);
        assertThat(Precision.parse("fp32")).isEqualTo(Precision.FP32);
        assertThatThrownBy(() -> Precision.parse("int4")).hasMessage("unknown precision 'int4' (use auto, fp32 or bf16)");
        assertThat(Precision.FP32.resolve(Device.cpu())).isEqualTo(Precision.FP32);
        Precision expected = Precision.cpuBf16Flag() != null ? Precision.BF16 : Precision.FP32;
        assertThat(Precision.AUTO.resolve(Device.cpu())).isEqualTo(expected);
        assertThat(Precision.reason(Device.cpu())).startsWith("CPU has");
    }

    private static double maxAbs(NDArray a) {
        double m = 0;
        for (float v : a.toFloatArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void assertClose(NDList expected, NDList actual, String name, double tolerance, String what) {
        float[] e = expected.get(name).toFloatArray();
        float[] a = actual.get(name).toFloatArray();
        assertThat(a).as(what + " " + name).hasSameSizeAs(e);
        for (int i = 0; i < e.length; i++) {
            assertThat((double) a[i]).as(what + " " + name + "[" + i + "]").isCloseTo(e[i], within(tolerance));
        }
    }
}
