package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * torchvision's {@code BasicBlock} (two 3x3 convolutions, ResNet-18/34) and {@code Bottleneck}
 * (1x1, 3x3 with the stride, 1x1 with expansion 4; ResNet-50, torchvision's "v1.5"), with the
 * same module names: conv1, bn1, conv2, bn2[, conv3, bn3][, downsample.0, downsample.1].
 */
public final class ResidualBlock extends TorchBlock {
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d conv3;
    private final BatchNorm bn3;
    private final IndexedSequential downsample;
    private final ConvBn pair1;
    private final ConvBn pair2;
    private final ConvBn pair3;
    private final ConvBn downPair;

    /**
     * @param bottleneck Bottleneck (true) or BasicBlock (false)
     * @param inChannels input channels
     * @param planes the block's base width (output is planes x expansion)
     * @param stride 1, or 2 for the first block of a down-sampling stage
     */
    public ResidualBlock(boolean bottleneck, int inChannels, int planes, int stride) {
        int expansion = bottleneck ? 4 : 1;
        int out = planes * expansion;
        if (bottleneck) {
            conv1 = child("conv1", Layers.conv(planes, 1, 1, 0, 1, false));
            bn1 = child("bn1", Layers.batchNorm());
            conv2 = child("conv2", Layers.conv(planes, 3, stride, 1, 1, false));
            bn2 = child("bn2", Layers.batchNorm());
            conv3 = child("conv3", Layers.conv(out, 1, 1, 0, 1, false));
            bn3 = child("bn3", Layers.batchNorm());
        } else {
            conv1 = child("conv1", Layers.conv(planes, 3, stride, 1, 1, false));
            bn1 = child("bn1", Layers.batchNorm());
            conv2 = child("conv2", Layers.conv(planes, 3, 1, 1, 1, false));
            bn2 = child("bn2", Layers.batchNorm());
            conv3 = null;
            bn3 = null;
        }
        if (stride != 1 || inChannels != out) {
            Conv2d dc = Layers.conv(out, 1, stride, 0, 1, false);
            BatchNorm dbn = Layers.batchNorm();
            downsample = child("downsample", new IndexedSequential().add(dc).add(dbn));
            downPair = new ConvBn(dc, dbn);
        } else {
            downsample = null;
            downPair = null;
        }
        pair1 = new ConvBn(conv1, bn1);
        pair2 = new ConvBn(conv2, bn2);
        pair3 = conv3 == null ? null : new ConvBn(conv3, bn3);
    }

    /** @param out receives this block's conv + BatchNorm pairs (for {@link InferenceNetwork}) */
    void collectConvBn(List<ConvBn> out) {
        out.add(pair1);
        out.add(pair2);
        if (pair3 != null) {
            out.add(pair3);
        }
        if (downPair != null) {
            out.add(downPair);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = Activation.relu(pair1.apply(ps, x, training));
        y = pair2.apply(ps, y, training);
        if (pair3 != null) {
            y = Activation.relu(y);
            y = pair3.apply(ps, y, training);
        }
        NDArray identity = downPair == null ? x : downPair.apply(ps, x, training);
        return new NDList(Activation.relu(y.add(identity)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = init(conv1, manager, dataType, inputShapes[0]);
        s = init(bn1, manager, dataType, s);
        s = init(conv2, manager, dataType, s);
        s = init(bn2, manager, dataType, s);
        if (conv3 != null) {
            s = init(conv3, manager, dataType, s);
            init(bn3, manager, dataType, s);
        }
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = conv1.getOutputShapes(inputShapes)[0];
        s = conv2.getOutputShapes(new Shape[] {s})[0];
        if (conv3 != null) {
            s = conv3.getOutputShapes(new Shape[] {s})[0];
        }
        return new Shape[] {s};
    }
}
