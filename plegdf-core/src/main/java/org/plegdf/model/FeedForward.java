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

/** The transformer FFN: fc1 (D to ratio x D), GELU, dropout, fc2 (back to D), dropout. */
public final class FeedForward extends TorchBlock {
    private final float dropout;
    private final Linear fc1;
    private final Linear fc2;

    /**
     * @param dim token width D
     * @param hidden hidden width (4D by default)
     * @param dropout dropout probability
     */
    public FeedForward(int dim, int hidden, float dropout) {
        this.dropout = dropout;
        fc1 = child("fc1", Layers.linear(hidden, true));
        fc2 = child("fc2", Layers.linear(dim, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = dropout(Activation.gelu(fwd(fc1, ps, inputs.singletonOrThrow(), training)), dropout, training);
        return new NDList(dropout(fwd(fc2, ps, h, training), dropout, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        init(fc2, manager, dataType, init(fc1, manager, dataType, inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
