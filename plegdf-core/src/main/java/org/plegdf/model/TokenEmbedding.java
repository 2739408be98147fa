package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The token stage of the spec (section 2), one instance per tap.
 *
 * <ul>
 *   <li>Local region tokens L: 1x1 conv + BN + ReLU on C3 to width D, adaptive average pooling to
 *       an R x R grid, flatten, plus a learned position embedding per region.
 *   <li>Global tokens G: 1x1 conv + BN + ReLU on C4 to width D, then (when enabled) the local
 *       perception unit X + DWConv3x3(X), flatten, plus a learned position embedding.
 * </ul>
 *
 * Module names: conv, bn, [lpu,] pos_embed. Output: tokens (B, N, D).
 */
public final class TokenEmbedding extends TorchBlock {
    private final int grid;
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Conv2d lpu;
    private final Parameter posEmbed;
    private final ConvBn pair;

    private TokenEmbedding(int dim, int tokens, int grid, boolean perceptionUnit) {
        this.grid = grid;
        conv = child("conv", Layers.conv(dim, 1, 1, 0, 1, false));
        bn = child("bn", Layers.batchNorm());
        pair = new ConvBn(conv, bn);
        lpu = perceptionUnit ? child("lpu", Layers.conv(dim, 3, 1, 1, dim, true)) : null;
        posEmbed = addParameter(Parameter.builder()
                .setName("pos_embed")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, tokens, dim))
                .optInitializer(new NormalInitializer(0.02f))
                .build());
    }

    /**
     * @param dim token width D
     * @param regions grid side R
     * @return the local region tokenizer for C3
     */
    public static TokenEmbedding local(int dim, int regions) {
        return new TokenEmbedding(dim, regions * regions, regions, false);
    }

    /**
     * @param dim token width D
     * @param side C4's spatial side (7 at 224 px)
     * @param perceptionUnit whether to apply the local perception unit (off in no-plegdf)
     * @return the global tokenizer for C4
     */
    public static TokenEmbedding global(int dim, int side, boolean perceptionUnit) {
        return new TokenEmbedding(dim, side * side, 0, perceptionUnit);
    }

    /** @return the 1x1 conv + BatchNorm pair (for {@link InferenceNetwork}) */
    ConvBn convBn() {
        return pair;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        x = Activation.relu(pair.apply(ps, x, training));
        NDArray tokens;
        if (grid > 0) {
            tokens = RegionPooling.pool(ps, x, grid);
        } else {
            if (lpu != null) {
                x = x.add(fwd(lpu, ps, x, training));
            }
            Shape s = x.getShape();
            tokens = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
        }
        NDArray pos = ps.getValue(posEmbed, x.getDevice(), training);
        if (tokens.getShape().get(1) != pos.getShape().get(1)) {
            throw new IllegalArgumentException("input gives " + tokens.getShape().get(1) + " tokens but the model was built for "
                    + pos.getShape().get(1) + " (wrong input size for this model's input_size?)");
        }
        return new NDList(tokens.add(pos));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = init(conv, manager, dataType, inputShapes[0]);
        init(bn, manager, dataType, s);
        if (lpu != null) {
            lpu.initialize(manager, dataType, s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), posEmbed.getShape().get(1), posEmbed.getShape().get(2))};
    }
}
