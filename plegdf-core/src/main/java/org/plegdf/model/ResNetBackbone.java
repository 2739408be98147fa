package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A ResNet laid out exactly as torchvision's (module names conv1, bn1, layer1..layer4, same strides,
 * BatchNorm eps 1e-5), without avgpool and fc. Forward returns the two taps of the spec:
 * C3 (layer3 output, stride 16) and C4 (layer4 output, stride 32).
 */
public final class ResNetBackbone extends TorchBlock {
    private final BackboneSpec spec;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final IndexedSequential[] layers = new IndexedSequential[4];
    private final ConvBn stem;

    /** @param spec which ResNet */
    public ResNetBackbone(BackboneSpec spec) {
        this.spec = spec;
        int width = spec.baseWidth();
        conv1 = child("conv1", Layers.conv(width, 7, 2, 3, 1, false));
        bn1 = child("bn1", Layers.batchNorm());
        stem = new ConvBn(conv1, bn1);
        int in = width;
        int[] blocks = spec.blocks();
        for (int stage = 0; stage < 4; stage++) {
            int planes = width << stage;
            IndexedSequential layer = new IndexedSequential();
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = (b == 0 && stage > 0) ? 2 : 1;
                layer.add(new ResidualBlock(spec.bottleneck(), in, planes, stride));
                in = planes * spec.expansion();
            }
            layers[stage] = child("layer" + (stage + 1), layer);
        }
    }

    /** @param out receives every conv + BatchNorm pair of the backbone, stem first (for {@link InferenceNetwork}) */
    void collectConvBn(List<ConvBn> out) {
        out.add(stem);
        for (IndexedSequential layer : layers) {
            for (Pair<String, Block> b : layer.getChildren()) {
                ((ResidualBlock) b.getValue()).collectConvBn(out);
            }
        }
    }

    /** @return the spec this backbone was built from */
    public BackboneSpec spec() {
        return spec;
    }

    /**
     * Spatial side after a ResNet's down-sampling (7x7/2 conv, 3x3/2 max-pool, then stride-2
     * stages), as PyTorch computes it.
     *
     * @param input input side in pixels
     * @param stride 4, 8, 16 or 32
     * @return the side of the feature map at that stride
     */
    public static int sideAfterStride(int input, int stride) {
        int s = (input + 2 * 3 - 7) / 2 + 1; // conv1
        s = (s + 2 - 3) / 2 + 1; // maxpool
        for (int st = 4; st < stride; st *= 2) {
            s = (s + 2 - 3) / 2 + 1; // 3x3 (or 1x1 downsample) stride-2 conv, same size
        }
        return s;
    }

    /**
     * @param ps parameter store
     * @param x images (B, 3, S, S), normalised
     * @param training training mode
     * @return C3 and C4
     */
    NDList taps(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = Activation.relu(stem.apply(ps, x, training));
        y = Pool.maxPool2d(y, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        y = layers[0].apply(ps, y, training);
        y = layers[1].apply(ps, y, training);
        NDArray c3 = layers[2].apply(ps, y, training);
        NDArray c4 = layers[3].apply(ps, c3, training);
        return new NDList(c3, c4);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return taps(ps, inputs.singletonOrThrow(), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = init(conv1, manager, dataType, inputShapes[0]);
        s = init(bn1, manager, dataType, s);
        long side = (s.get(2) + 2 - 3) / 2 + 1;
        s = new Shape(s.get(0), s.get(1), side, side);
        for (IndexedSequential layer : layers) {
            s = init(layer, manager, dataType, s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long b = in.get(0);
        int side = (int) in.get(2);
        return new Shape[] {
            new Shape(b, spec.c3Channels(), sideAfterStride(side, 16), sideAfterStride(side, 16)),
            new Shape(b, spec.c4Channels(), sideAfterStride(side, 32), sideAfterStride(side, 32))
        };
    }
}
