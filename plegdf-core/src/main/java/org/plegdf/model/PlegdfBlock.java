package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PLEGDF, perceptually locally-enhanced global depression features (spec section 3).
 *
 * <ol>
 *   <li>Region correlation: Np pre-norm self-attention layers over the local tokens L, giving L'
 *       (regions that have exchanged depression-relevant evidence).
 *   <li>Local-driven global enhancement: G' = G + MHCA(Q = LN(G), K = V = LN(L')), then
 *       G' + FFN(LN(G')): every global position gathers the correlated regional evidence.
 * </ol>
 *
 * Inputs (L, G); outputs (L', G'). Module names: region_encoder.N.*, enhance.*.
 */
public final class PlegdfBlock extends TorchBlock {
    private final IndexedSequential regionEncoder;
    private final AttentionLayer enhance;

    /** @param c the model configuration */
    public PlegdfBlock(ModelConfig c) {
        float p = (float) c.dropout;
        regionEncoder = child("region_encoder", new IndexedSequential());
        for (int i = 0; i < c.encoderLayers; i++) {
            regionEncoder.add(new AttentionLayer(c.dim, c.heads, c.ffnRatio, p, false));
        }
        enhance = child("enhance", new AttentionLayer(c.dim, c.heads, c.ffnRatio, p, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray local = regionEncoder.apply(ps, inputs.get(0), training);
        NDArray global = enhance.forward(ps, new NDList(inputs.get(1), local), training).singletonOrThrow();
        return new NDList(local, global);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        regionEncoder.initialize(manager, dataType, inputShapes[0]);
        enhance.initialize(manager, dataType, inputShapes[1], inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], inputShapes[1]};
    }
}
