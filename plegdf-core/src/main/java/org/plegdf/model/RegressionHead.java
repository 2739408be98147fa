package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The regression head of spec section 4d: Linear(in, D/2), ReLU, Dropout, Linear(D/2, 1). Input
 * (B, in); output the score (B), in units of the scale's maximum. Module names: fc1, fc2.
 */
public final class RegressionHead extends TorchBlock {
    private final float dropout;
    private final Linear fc1;
    private final Linear fc2;

    /**
     * @param hidden hidden width (D/2)
     * @param dropout dropout probability
     */
    public RegressionHead(int hidden, float dropout) {
        this.dropout = dropout;
        fc1 = child("fc1", Layers.linear(hidden, true));
        fc2 = child("fc2", Layers.linear(1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = dropout(Activation.relu(fwd(fc1, ps, inputs.singletonOrThrow(), training)), dropout, training);
        return new NDList(fwd(fc2, ps, h, training).squeeze(1));
    }

    /**
     * Sets the output bias, so training starts from a chosen constant prediction (the training
     * labels' mean) instead of 0; the weights keep their random initialisation.
     *
     * @param value the bias, in units of the scale's maximum
     */
    void setOutputBias(float value) {
        Layers.setBias(fc2, value);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        init(fc2, manager, dataType, init(fc1, manager, dataType, inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }
}
