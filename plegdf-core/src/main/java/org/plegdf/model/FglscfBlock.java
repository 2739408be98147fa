package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * FGLSCF, fused global-local semantic correlation features (spec section 4a-c).
 *
 * <ol>
 *   <li>For each region, the global context that correlates with it: Ghat = MHCA(Q = LN(L'), K =
 *       V = LN(G')).
 *   <li>Region fusion with an explicit correlation term: F_r = GELU(Linear([L'_r; Ghat_r; L'_r *
 *       Ghat_r])), 3D to D.
 *   <li>Attention pooling over regions: a_r = softmax_r(w . tanh(W F_r)), f = sum_r a_r F_r. The
 *       weights a_r say which facial regions drive the score.
 * </ol>
 *
 * Inputs (L', G'); outputs f (B, D) and a (B, R*R). Module names: norm_q, norm_kv, cross_attn,
 * fusion, pool_proj, pool_score.
 */
public final class FglscfBlock extends TorchBlock {
    private final LayerNorm normQ;
    private final LayerNorm normKv;
    private final MultiHeadAttention crossAttn;
    private final Linear fusion;
    private final Linear poolProj;
    private final Linear poolScore;

    /** @param c the model configuration */
    public FglscfBlock(ModelConfig c) {
        normQ = child("norm_q", Layers.layerNorm());
        normKv = child("norm_kv", Layers.layerNorm());
        crossAttn = child("cross_attn", new MultiHeadAttention(c.dim, c.heads, (float) c.dropout));
        fusion = child("fusion", Layers.linear(c.dim, true));
        poolProj = child("pool_proj", Layers.linear(c.dim, true));
        poolScore = child("pool_score", Layers.linear(1, false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray local = inputs.get(0);
        NDArray global = inputs.get(1);
        NDList qkv = new NDList(fwd(normQ, ps, local, training), fwd(normKv, ps, global, training));
        NDArray ghat = crossAttn.forward(ps, qkv, training).singletonOrThrow();
        NDArray joint = NDArrays.concat(new NDList(local, ghat, local.mul(ghat)), 2);
        NDArray fused = Activation.gelu(fwd(fusion, ps, joint, training)); // (B, RR, D)
        NDArray logits = fwd(poolScore, ps, Activation.tanh(fwd(poolProj, ps, fused, training)), training); // (B, RR, 1)
        NDArray weights = InferenceNetwork.softmax(ps, logits.squeeze(2), 1); // (B, RR)
        NDArray pooled = fused.mul(weights.expandDims(2)).sum(new int[] {1}); // (B, D)
        return new NDList(pooled, weights);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape l = inputShapes[0];
        Shape g = inputShapes[1];
        normQ.initialize(manager, dataType, l);
        normKv.initialize(manager, dataType, g);
        crossAttn.initialize(manager, dataType, l, g);
        Shape f = init(fusion, manager, dataType, new Shape(l.get(0), l.get(1), l.get(2) * 3));
        init(poolScore, manager, dataType, init(poolProj, manager, dataType, f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape l = inputShapes[0];
        return new Shape[] {new Shape(l.get(0), l.get(2)), new Shape(l.get(0), l.get(1))};
    }
}
