package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.XavierInitializer;

/** Factories for the PyTorch-equivalent layers, with PyTorch's defaults (eps, init, bias). */
final class Layers {
    /** BatchNorm's epsilon, PyTorch's default (also used when folding BatchNorm into a convolution). */
    static final float BN_EPSILON = 1e-5f;
    /** DJL's BatchNorm momentum: the weight of the old running value, 0.9 = PyTorch's momentum 0.1. */
    static final float BN_MOMENTUM = 0.9f;

    private Layers() {}

    /**
     * A 2-D convolution with torchvision ResNet's initialisation (Kaiming normal, fan-out).
     *
     * @param out output channels
     * @param kernel square kernel side
     * @param stride stride
     * @param padding zero padding
     * @param groups groups (the input channel count for a depthwise convolution)
     * @param bias whether it has a bias
     * @return the layer
     */
    static Conv2d conv(int out, int kernel, int stride, int padding, int groups, boolean bias) {
        Conv2d c = Conv2d.builder()
                .setFilters(out)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .optBias(bias)
                .build();
        c.setInitializer(
                new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
        return c;
    }

    /** @return BatchNorm over channels (axis 1), eps 1e-5, PyTorch momentum 0.1 */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    }

    /** @return LayerNorm over the last axis of (batch, tokens, D), eps 1e-5 */
    static LayerNorm layerNorm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-5f).build();
    }

    /**
     * @param units output width
     * @param bias whether it has a bias
     * @return a fully connected layer over the last axis
     */
    static Linear linear(int units, boolean bias) {
        Linear l = Linear.builder().setUnits(units).optBias(bias).build();
        // PyTorch's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)); DJL's Xavier default is ~3x wider.
        l.setInitializer(
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1),
                Parameter.Type.WEIGHT);
        return l;
    }

    /**
     * Sets every element of a linear layer's bias to one value (e.g. to start a score output at
     * the training labels' mean).
     *
     * @param layer an initialised layer with a bias
     * @param value the value
     */
    static void setBias(Linear layer, float value) {
        NDArray bias = layer.getParameters().get("bias").getArray();
        bias.set(new NDIndex("..."), value);
    }
}
