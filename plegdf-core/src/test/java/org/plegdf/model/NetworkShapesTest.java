package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.plegdf.testkit.TinyModel;

class NetworkShapesTest {

    static Stream<Arguments> everyBackboneAblationAndSize() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (BackboneSpec spec : BackboneSpec.values()) {
            for (Ablation a : Ablation.values()) {
                for (int size : new int[] {64, 96}) {
                    b.add(Arguments.of(spec, a, size));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}px")
    @MethodSource("everyBackboneAblationAndSize")
    void outputsHaveTheDeclaredShapes(BackboneSpec spec, Ablation ablation, int size) {
        ModelConfig cfg = TinyModel.config(spec, ablation, size);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            net.initialize(m, DataType.FLOAT32, net.inputShape(2));
            NDArray x = m.randomNormal(net.inputShape(3));
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            assertThat(out.get(PlegdfFglscfNet.SCORE).getShape()).isEqualTo(new Shape(3));
            if (ablation.usesFglscf()) {
                assertThat(out).hasSize(4);
                assertThat(out.get(PlegdfFglscfNet.AUX_GLOBAL).getShape()).isEqualTo(new Shape(3));
                assertThat(out.get(PlegdfFglscfNet.AUX_LOCAL).getShape()).isEqualTo(new Shape(3));
                assertThat(out.get(PlegdfFglscfNet.REGION_WEIGHTS).getShape()).isEqualTo(new Shape(3, 4));
            } else {
                assertThat(out).hasSize(1);
            }
            for (NDArray a : out) {
                assertThat(a.isNaN().any().getBoolean()).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backbones")
    void backboneTapsAreLayer3AndLayer4AtStrides16And32(BackboneSpec spec) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            ResNetBackbone bb = new ResNetBackbone(spec);
            Shape in = new Shape(1, 3, 96, 96);
            bb.initialize(m, DataType.FLOAT32, in);
            NDList taps = bb.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false);
            assertThat(taps.get(0).getShape()).isEqualTo(new Shape(1, spec.c3Channels(), 6, 6));
            assertThat(taps.get(1).getShape()).isEqualTo(new Shape(1, spec.c4Channels(), 3, 3));
            assertThat(bb.getOutputShapes(new Shape[] {in})).containsExactly(taps.get(0).getShape(), taps.get(1).getShape());
        }
    }

    static Stream<BackboneSpec> backbones() {
        return Stream.of(BackboneSpec.values());
    }

    @Test
    void sideAfterStrideMatchesPyTorchArithmetic() {
        // torchvision resnet: 224 -> 14 (C3), 7 (C4); 112 -> 7, 4; odd sizes round up like PyTorch.
        assertThat(ResNetBackbone.sideAfterStride(224, 16)).isEqualTo(14);
        assertThat(ResNetBackbone.sideAfterStride(224, 32)).isEqualTo(7);
        assertThat(ResNetBackbone.sideAfterStride(112, 16)).isEqualTo(7);
        assertThat(ResNetBackbone.sideAfterStride(112, 32)).isEqualTo(4);
        assertThat(ResNetBackbone.sideAfterStride(100, 32)).isEqualTo(4);
    }

    @Test
    void resnetParameterCountsEqualTorchvisionWithoutFc() {
        // torchvision: resnet18 11,689,512, resnet34 21,797,672, resnet50 25,557,032 parameters,
        // of which fc is 513,000 / 513,000 / 2,049,000.
        assertThat(trainableParams(BackboneSpec.RESNET18)).isEqualTo(11_689_512L - 513_000L);
        assertThat(trainableParams(BackboneSpec.RESNET34)).isEqualTo(21_797_672L - 513_000L);
        assertThat(trainableParams(BackboneSpec.RESNET50)).isEqualTo(25_557_032L - 2_049_000L);
    }

    private static long trainableParams(BackboneSpec spec) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            ResNetBackbone bb = new ResNetBackbone(spec);
            bb.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            return TorchNames.of(bb).values().stream()
                    .filter(p -> p.requiresGradient())
                    .mapToLong(p -> p.getShape().size())
                    .sum();
        }
    }
}
