package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product attention with separate query, key, value and output projections
 * (q, k, v, out), dropout on the attention probabilities. Inputs: queries (B, Nq, D) and, for
 * cross-attention, a second list of tokens (B, Nk, D) used as keys and values; with one input it is
 * self-attention.
 */
public final class MultiHeadAttention extends TorchBlock {
    private final int dim;
    private final int heads;
    private final float dropout;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;

    /**
     * @param dim token width D
     * @param heads number of heads H (D divisible by H)
     * @param dropout dropout on attention probabilities
     */
    public MultiHeadAttention(int dim, int heads, float dropout) {
        this.dim = dim;
        this.heads = heads;
        this.dropout = dropout;
        q = child("q", Layers.linear(dim, true));
        k = child("k", Layers.linear(dim, true));
        v = child("v", Layers.linear(dim, true));
        out = child("out", Layers.linear(dim, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray query = inputs.get(0);
        NDArray kv = inputs.size() > 1 ? inputs.get(1) : query;
        long b = query.getShape().get(0);
        long nq = query.getShape().get(1);
        long nk = kv.getShape().get(1);
        int dh = dim / heads;
        NDArray qh = split(fwd(q, ps, query, training), b, nq, dh);
        NDArray kh = split(fwd(k, ps, kv, training), b, nk, dh);
        NDArray vh = split(fwd(v, ps, kv, training), b, nk, dh);
        NDArray scores = Tensors.scaled(qh.matMul(kh.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(dh));
        NDArray attn = dropout(InferenceNetwork.softmax(ps, scores, -1), dropout, training);
        NDArray ctx = attn.matMul(vh).transpose(0, 2, 1, 3).reshape(b, nq, dim);
        return new NDList(fwd(out, ps, ctx, training));
    }

    private NDArray split(NDArray x, long b, long n, int dh) {
        return x.reshape(b, n, heads, dh).transpose(0, 2, 1, 3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape kvShape = inputShapes.length > 1 ? inputShapes[1] : inputShapes[0];
        q.initialize(manager, dataType, inputShapes[0]);
        k.initialize(manager, dataType, kvShape);
        v.initialize(manager, dataType, kvShape);
        out.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
