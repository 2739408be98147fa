package org.plegdf.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A trained network prepared for scoring, once at load time: every BatchNorm that follows a
 * convolution (the backbone's 53 for resnet50, the token stage's 2) is folded into that
 * convolution's weights and a bias, W' = W * g / sqrt(var + eps), b' = beta - mean * g / sqrt(var +
 * eps), and all parameters are held in the chosen {@link Precision} (bfloat16 or float32).
 *
 * <p>The network's blocks are not changed: the folded weights and converted parameters live in this
 * object's parameter store, which a forward pass is given, so the same network still trains,
 * computes saliency and evaluates unfolded in float32. The network's parameters must not change
 * while this object is used (a loaded model's never do).
 *
 * <p>In bfloat16 every operation of the network runs in bfloat16 (PyTorch's CPU kernels accumulate
 * convolutions, matrix products, LayerNorm and softmax in float32 internally); the outputs are
 * returned as float32. Safe for concurrent forward passes: after construction nothing is written.
 */
public final class InferenceNetwork implements AutoCloseable {
    /**
     * Whether activations and convolution weights are laid out channels-last (NHWC strides), the
     * layout oneDNN's convolutions compute in without reordering: 1.2-1.5x faster for resnet50 in
     * both precisions on this project's CPU (docs/benchmarks.md), so on;
     * {@code -Dplegdf.inference.channelsLast=false} switches it off for measurements elsewhere.
     */
    static final boolean CHANNELS_LAST = !"false".equals(System.getProperty("plegdf.inference.channelsLast"));

    private final PlegdfFglscfNet net;
    private final Precision requested;
    private final Precision precision;
    private final Device device;
    private final NDManager arrays;
    private final Store store;
    private final int folded;
    private final boolean channelsLast;
    private final boolean bf16;

    private InferenceNetwork(PlegdfFglscfNet net, NDManager manager, Precision requested, boolean channelsLast) {
        this.net = net;
        this.requested = requested;
        this.device = manager.getDevice();
        this.precision = requested.resolve(device);
        this.channelsLast = channelsLast;
        this.arrays = manager.newSubManager();
        this.bf16 = precision == Precision.BF16;
        List<ConvBn> pairs = net.convBnPairs();
        Set<String> replaced = new HashSet<>();
        for (ConvBn pair : pairs) {
            pair.conv.getParameters().values().forEach(p -> replaced.add(p.getId()));
            pair.bn.getParameters().values().forEach(p -> replaced.add(p.getId()));
        }
        Map<String, NDArray> values = new HashMap<>();
        for (Parameter p : net.getParameters().values()) {
            if (replaced.contains(p.getId())) {
                continue; // a forward pass reads the folded copy instead
            }
            // Detached: inference never records an autograd graph, whatever the thread's grad mode.
            NDArray a = p.getArray().stopGradient();
            if (bf16) {
                NDArray cast = Bf16Ops.toBf16(a);
                a.close();
                a = cast;
            }
            a.attach(arrays);
            values.put(p.getId(), a);
        }
        Map<ConvBn, Folded> folds = new IdentityHashMap<>();
        for (ConvBn pair : pairs) {
            folds.put(pair, fold(pair));
        }
        this.folded = folds.size();
        this.store = new Store(arrays, values, folds, bf16);
    }

    /**
     * @param net a network whose parameters are initialised (loaded) on {@code manager}'s device
     * @param manager the manager whose device computes; the prepared arrays live in a sub-manager
     * @param precision the precision, AUTO to choose by the device
     * @return the prepared network
     */
    public static InferenceNetwork prepare(PlegdfFglscfNet net, NDManager manager, Precision precision) {
        return new InferenceNetwork(net, manager, precision, CHANNELS_LAST);
    }

    /**
     * The same with an explicit memory layout (for measurements: tools/infer-bench).
     *
     * @param net the network
     * @param manager the manager
     * @param precision the precision
     * @param channelsLast whether to lay activations and convolution weights out channels-last
     * @return the prepared network
     */
    public static InferenceNetwork prepare(PlegdfFglscfNet net, NDManager manager, Precision precision, boolean channelsLast) {
        return new InferenceNetwork(net, manager, precision, channelsLast);
    }

    /**
     * One forward pass in eval mode.
     *
     * @param x normalised crops (B, 3, S, S), float32; intermediate arrays go to x's manager
     * @return the network's named outputs ({@link PlegdfFglscfNet#SCORE}, ...), float32
     */
    public NDList forward(NDArray x) {
        NDArray in = bf16 ? Bf16Ops.toBf16(x) : x;
        if (channelsLast) {
            in = Tensors.channelsLast(in);
        }
        NDList out = net.forward(store, new NDList(in), false);
        NDList result = new NDList(out.size());
        for (NDArray a : out) {
            NDArray f = bf16 ? Bf16Ops.toFloat32(a) : a;
            f.setName(a.getName());
            result.add(f);
        }
        return result;
    }

    /** @return the memory layout {@link #prepare(PlegdfFglscfNet, NDManager, Precision)} uses: "channels-last" or "NCHW" */
    public static String defaultLayout() {
        return CHANNELS_LAST ? "channels-last" : "NCHW";
    }

    /** @return the precision computed in (FP32 or BF16; AUTO resolved) */
    public Precision precision() {
        return precision;
    }

    /** @return how many BatchNorms were folded into their convolutions */
    public int foldedBatchNorms() {
        return folded;
    }

    /** @return the network */
    public PlegdfFglscfNet network() {
        return net;
    }

    /** @return one line for start-up output, e.g. "bf16 (auto: CPU has avx512_bf16), 55 BatchNorms folded" */
    public String describe() {
        String why = requested == Precision.AUTO ? "auto: " + Precision.reason(device) : "--precision " + requested.id();
        return String.format(Locale.ROOT, "%s (%s), %d BatchNorms folded into their convolutions%s", precision.id(), why, folded,
                channelsLast ? ", channels-last" : "");
    }

    /** Frees the prepared arrays (the network's own parameters are left alone). */
    @Override
    public void close() {
        arrays.close();
    }

    /** A convolution with BatchNorm folded in. */
    private record Folded(NDArray weight, NDArray bias, Conv2d conv) {
        NDArray apply(NDArray x) {
            return Conv2d.conv2d(x, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups())
                    .singletonOrThrow();
        }
    }

    private Folded fold(ConvBn pair) {
        NDArray w = pair.conv.getParameters().get("weight").getArray();
        PairList<String, Parameter> bn = pair.bn.getParameters();
        float[] gamma = bn.get("gamma").getArray().toFloatArray();
        float[] beta = bn.get("beta").getArray().toFloatArray();
        float[] mean = bn.get("runningMean").getArray().toFloatArray();
        float[] var = bn.get("runningVar").getArray().toFloatArray();
        float[] bias = pair.conv.isIncludeBias() ? pair.conv.getParameters().get("bias").getArray().toFloatArray() : null;
        float[] weight = w.toFloatArray();
        int out = gamma.length;
        int per = weight.length / out;
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            // In double, so the folded float32 weights are the correctly rounded products.
            double scale = gamma[o] / Math.sqrt((double) var[o] + Layers.BN_EPSILON);
            for (int i = o * per; i < (o + 1) * per; i++) {
                weight[i] = (float) (weight[i] * scale);
            }
            b[o] = (float) (beta[o] + ((bias == null ? 0.0 : bias[o]) - mean[o]) * scale);
        }
        try (NDManager tmp = arrays.newSubManager()) {
            NDArray fw = cast(Tensors.create(tmp, weight, w.getShape()));
            if (channelsLast) {
                fw = Tensors.channelsLast(fw);
            }
            NDArray fb = cast(Tensors.create(tmp, b, new Shape(out)));
            fw.attach(arrays);
            fb.attach(arrays);
            return new Folded(fw, fb, pair.conv);
        }
    }

    private NDArray cast(NDArray a) {
        return bf16 ? Bf16Ops.toBf16(a) : a;
    }

    /**
     * Softmax in the precision of the parameter store: in float32 for a bfloat16 network (DJL's own
     * softmax cannot take bfloat16, {@link Bf16Ops}), else DJL's.
     *
     * @param ps the parameter store of the forward pass
     * @param x scores
     * @param axis the axis: the last one (-1, or its index)
     * @return the softmax over axis, in x's type
     */
    static NDArray softmax(ParameterStore ps, NDArray x, int axis) {
        if (ps instanceof Store s && s.bf16) {
            if (axis != -1 && axis != x.getShape().dimension() - 1) {
                throw new IllegalArgumentException("bfloat16 softmax is over the last axis only, asked for axis " + axis);
            }
            return Bf16Ops.softmaxLastAxis(x);
        }
        return x.softmax(axis);
    }

    /**
     * A constant matrix in the precision of the parameter store, on x's device and manager.
     *
     * @param ps the parameter store of the forward pass
     * @param x the array the constant will meet
     * @param data the values (float32)
     * @param shape their shape
     * @return the constant
     */
    static NDArray constantLike(ParameterStore ps, NDArray x, float[] data, Shape shape) {
        NDArray c = Tensors.create(x.getManager(), data, shape).toDevice(x.getDevice(), false);
        if (ps instanceof Store s && s.bf16) {
            return Bf16Ops.toBf16(c);
        }
        return c.toType(x.getDataType(), false);
    }

    /** The parameter store a forward pass reads: converted parameters by id, and the folded pairs. */
    static final class Store extends ParameterStore {
        private final Map<String, NDArray> values;
        private final Map<ConvBn, Folded> folds;
        private final boolean bf16;

        private Store(NDManager manager, Map<String, NDArray> values, Map<ConvBn, Folded> folds, boolean bf16) {
            super(manager, false);
            this.values = Map.copyOf(values);
            this.folds = folds;
            this.bf16 = bf16;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null) {
                return null; // an absent optional parameter (a convolution without bias), as DJL's own store answers
            }
            NDArray a = values.get(parameter.getId());
            if (a == null) {
                throw new IllegalStateException("parameter " + parameter.getName() + " is not part of the prepared network");
            }
            return a;
        }

        /**
         * @param pair a conv + BatchNorm pair of the network
         * @param x its input
         * @return the folded convolution's output, or null when the pair is not folded here
         */
        NDArray foldedConv(ConvBn pair, NDArray x) {
            Folded f = folds.get(pair);
            return f == null ? null : f.apply(x);
        }
    }
}
