package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Creating engine arrays from Java data. */
public final class Tensors {
    private Tensors() {}

    /**
     * Creates an array that owns engine-allocated memory. DJL's PyTorch engine makes a CPU tensor
     * created from Java data alias a direct buffer, whose address and alignment vary from run to
     * run; some CPU kernels then take different vectorised paths and results differ in the last
     * bits. Copying once into PyTorch's own (aligned) memory keeps runs bit-reproducible.
     *
     * @param manager the manager (and device) of the result
     * @param data the values
     * @param shape their shape
     * @return an array of {@code shape} holding {@code data}
     */
    public static NDArray create(NDManager manager, float[] data, Shape shape) {
        try (NDArray aliased = manager.create(data, shape)) {
            // An arithmetic op always writes a fresh PyTorch tensor (toType(copy) may return an alias).
            return aliased.add(0f);
        }
    }

    /**
     * {@code x * factor} with the factor held in engine memory. DJL's {@code NDArray.mul(Number)}
     * wraps the number in a tensor over a Java direct buffer and frees that buffer's owner right
     * after the call; autograd keeps the number for the backward pass, so once the garbage collector
     * releases the buffer the gradient reads freed memory. That made training runs diverge at a
     * random step in about a third of runs (and, rarely, go to NaN). Use this for every scalar
     * multiply on a path that gradients flow through.
     *
     * @param x an array
     * @param factor the factor
     * @return {@code x * factor}, attached to x's manager
     */
    public static NDArray scaled(NDArray x, double factor) {
        try (NDArray f = create(x.getManager(), new float[] {(float) factor}, new Shape()).toDevice(x.getDevice(), false)) {
            return x.mul(f);
        }
    }

    /**
     * The same values laid out NHWC in memory while still indexed (N, C, H, W): PyTorch's
     * channels-last format. oneDNN's convolutions compute in it without reordering and keep it
     * from layer to layer (their outputs, and BatchNorm's, ReLU's and adds' on them, stay
     * channels-last), so converting a network's input once is enough.
     *
     * @param x a 4-d array (N, C, H, W)
     * @return a copy of x with channels-last strides, attached to x's manager (differentiable)
     */
    public static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }
}
