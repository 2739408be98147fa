package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer layer. Self-attention (one input X):
 * X + MHSA(LN(X)), then X + FFN(LN(X)). Cross-attention (inputs X and Y):
 * X + MHCA(Q = LN(X), K = V = LN'(Y)), then X + FFN(LN(X)).
 * Module names: norm1, [norm_kv,] attn, norm2, ffn.
 */
public final class AttentionLayer extends TorchBlock {
    private final float dropout;
    private final LayerNorm norm1;
    private final LayerNorm normKv;
    private final MultiHeadAttention attn;
    private final LayerNorm norm2;
    private final FeedForward ffn;

    /**
     * @param dim token width D
     * @param heads attention heads
     * @param ffnRatio FFN width multiple
     * @param dropout dropout probability
     * @param cross true for cross-attention (second input gives keys and values)
     */
    public AttentionLayer(int dim, int heads, int ffnRatio, float dropout, boolean cross) {
        this.dropout = dropout;
        norm1 = child("norm1", Layers.layerNorm());
        normKv = cross ? child("norm_kv", Layers.layerNorm()) : null;
        attn = child("attn", new MultiHeadAttention(dim, heads, dropout));
        norm2 = child("norm2", Layers.layerNorm());
        ffn = child("ffn", new FeedForward(dim, dim * ffnRatio, dropout));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray q = fwd(norm1, ps, x, training);
        NDList attnIn = normKv == null ? new NDList(q) : new NDList(q, fwd(normKv, ps, inputs.get(1), training));
        x = x.add(dropout(attn.forward(ps, attnIn, training).singletonOrThrow(), dropout, training));
        x = x.add(fwd(ffn, ps, fwd(norm2, ps, x, training), training));
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm1.initialize(manager, dataType, inputShapes[0]);
        if (normKv != null) {
            normKv.initialize(manager, dataType, inputShapes[1]);
            attn.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
        } else {
            attn.initialize(manager, dataType, inputShapes[0]);
        }
        norm2.initialize(manager, dataType, inputShapes[0]);
        ffn.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
