package org.plegdf.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution and the BatchNorm after it, as one step of a block's forward pass. Both stay
 * children of the block under their PyTorch names (conv1 / bn1, downsample.0 / .1); this only
 * pairs them so that {@link InferenceNetwork} can replace the two by one convolution with folded
 * weights and a bias when a forward pass is given its parameter store.
 */
final class ConvBn {
    final Conv2d conv;
    final BatchNorm bn;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    ConvBn(Conv2d conv, BatchNorm bn) {
        this.conv = conv;
        this.bn = bn;
        PairList<String, Parameter> p = bn.getParameters();
        gamma = p.get("gamma");
        beta = p.get("beta");
        runningMean = p.get("runningMean");
        runningVar = p.get("runningVar");
    }

    /**
     * @param ps the parameter store: an {@link InferenceNetwork}'s folds this pair
     * @param x input (B, C, H, W)
     * @param training training mode (never folded: BatchNorm then uses the batch's statistics)
     * @return BN(conv(x))
     */
    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        if (!training && ps instanceof InferenceNetwork.Store store) {
            NDArray folded = store.foldedConv(this, x);
            if (folded != null) {
                return folded;
            }
        }
        NDArray y = TorchBlock.fwd(conv, ps, x, training);
        Device d = y.getDevice();
        // BatchNorm's own forward with axis 1 wraps PyTorch's batch_norm in a sub-manager and two
        // (identity) axis swaps, each a JNI call and, in training, an autograd node; axis -1 is
        // DJL's direct call of the same PyTorch batch_norm, which normalises axis 1 of (B, C, H, W).
        return BatchNorm.batchNorm(y, ps.getValue(runningMean, d, training), ps.getValue(runningVar, d, training),
                        ps.getValue(gamma, d, training), ps.getValue(beta, d, training), -1, Layers.BN_MOMENTUM, Layers.BN_EPSILON, training)
                .singletonOrThrow();
    }
}
