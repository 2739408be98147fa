package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The PLEGDF-FGLSCF network (architecture.md): ResNet backbone, local and global tokens, PLEGDF,
 * FGLSCF, the regression head and the two auxiliary heads, with the ablation of the configuration.
 *
 * <p>Input: normalised face crops (B, 3, S, S). Output: an {@link NDList} of named arrays (see
 * {@link #SCORE} and the other names), scores in units of the scale's maximum (the training target
 * scale, [0, 1]). Which arrays exist depends on the ablation: only FGLSCF ablations have the
 * auxiliary scores and the region weights.
 *
 * <p>Module names (PyTorch state_dict prefixes): backbone, local_tokens, global_tokens, plegdf,
 * fglscf, head, aux_global, aux_local.
 */
public final class PlegdfFglscfNet extends TorchBlock {
    /** Name of the main score output, (B). */
    public static final String SCORE = "score";
    /** Name of the auxiliary score from mean(G'), (B). */
    public static final String AUX_GLOBAL = "aux_global";
    /** Name of the auxiliary score from mean(L'), (B). */
    public static final String AUX_LOCAL = "aux_local";
    /** Name of the FGLSCF region weights a_r, (B, R*R), rows sum to 1. */
    public static final String REGION_WEIGHTS = "region_weights";

    private final ModelConfig config;
    private final ResNetBackbone backbone;
    private final TokenEmbedding localTokens;
    private final TokenEmbedding globalTokens;
    private final PlegdfBlock plegdf;
    private final FglscfBlock fglscf;
    private final RegressionHead head;
    private final Linear auxGlobal;
    private final Linear auxLocal;

    /** @param config a configuration (validated here) */
    public PlegdfFglscfNet(ModelConfig config) {
        this.config = config.validate().copy();
        Ablation a = config.ablation;
        float p = (float) config.dropout;
        backbone = child("backbone", new ResNetBackbone(config.backboneSpec()));
        if (a.usesTokens()) {
            localTokens = child("local_tokens", TokenEmbedding.local(config.dim, config.regions));
            globalTokens = child("global_tokens", TokenEmbedding.global(config.dim, config.c4Side(), a.usesPlegdf()));
        } else {
            localTokens = null;
            globalTokens = null;
        }
        plegdf = a.usesPlegdf() ? child("plegdf", new PlegdfBlock(config)) : null;
        fglscf = a.usesFglscf() ? child("fglscf", new FglscfBlock(config)) : null;
        head = child("head", new RegressionHead(config.dim / 2, p));
        if (a.usesFglscf()) {
            auxGlobal = child("aux_global", Layers.linear(1, true));
            auxLocal = child("aux_local", Layers.linear(1, true));
        } else {
            auxGlobal = null;
            auxLocal = null;
        }
    }

    /** @return a copy of the configuration this network was built from */
    public ModelConfig config() {
        return config.copy();
    }

    /** @return the backbone (its parameters get the backbone learning rate) */
    public ResNetBackbone backbone() {
        return backbone;
    }

    /**
     * Starts every score output (the head and the two auxiliary heads) at one value: their output
     * biases are set to it. Called on a freshly initialised network, so the first steps do not
     * spend themselves learning the labels' mean (the fc biases of PyTorch's default
     * initialisation start near 0, the bottom of the scale).
     *
     * @param target the starting score, in units of the scale's maximum
     */
    public void startScoresAt(float target) {
        head.setOutputBias(target);
        for (Linear aux : new Linear[] {auxGlobal, auxLocal}) {
            if (aux != null) {
                Layers.setBias(aux, target);
            }
        }
    }

    /**
     * Zeroes the last layer of every residual branch of PLEGDF (the attention output projections,
     * the FFNs' second layers and the local perception unit), as GPT-2, Fixup and torchvision's
     * {@code zero_init_residual} do for their blocks: the freshly built network then computes
     * what its tokens give, and each attention layer joins in as it learns (its gradients are not
     * zero). Called on a freshly initialised network.
     *
     * @return the number of arrays zeroed
     */
    public int zeroResidualBranches() {
        int n = 0;
        for (Map.Entry<String, Parameter> e : TorchNames.of(this).entrySet()) {
            if (RESIDUAL_BRANCH_END.matcher(e.getKey()).matches()) {
                // in place through an index: set(float[]) would alias a Java buffer (StateDict.copyInto)
                e.getValue().getArray().set(new NDIndex("..."), 0f);
                n++;
            }
        }
        return n;
    }

    private static final Pattern RESIDUAL_BRANCH_END =
            Pattern.compile("(plegdf\\.(region_encoder\\.\\d+|enhance)\\.(attn\\.out|ffn\\.fc2)|global_tokens\\.lpu)\\.(weight|bias)");

    /** @return every convolution followed by BatchNorm, backbone first, then the token stage */
    List<ConvBn> convBnPairs() {
        List<ConvBn> out = new ArrayList<>();
        backbone.collectConvBn(out);
        if (localTokens != null) {
            out.add(localTokens.convBn());
            out.add(globalTokens.convBn());
        }
        return out;
    }

    /** @return the input shape for a batch, (batch, 3, S, S) */
    public Shape inputShape(int batch) {
        return new Shape(batch, 3, config.inputSize, config.inputSize);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList taps = backbone.taps(ps, x, training);
        NDList out = new NDList();
        if (localTokens == null) {
            NDArray z = globalAveragePool(taps.get(1));
            out.add(named(fwd(head, ps, z, training), SCORE));
            return out;
        }
        NDArray local = fwd(localTokens, ps, taps.get(0), training);
        NDArray global = fwd(globalTokens, ps, taps.get(1), training);
        if (plegdf != null) {
            NDList lg = plegdf.forward(ps, new NDList(local, global), training);
            local = lg.get(0);
            global = lg.get(1);
        }
        NDArray globalPooled = global.mean(new int[] {1});
        NDArray localPooled = local.mean(new int[] {1});
        if (fglscf == null) {
            NDArray z = NDArrays.concat(new NDList(localPooled, globalPooled), 1);
            out.add(named(fwd(head, ps, z, training), SCORE));
            return out;
        }
        NDList fa = fglscf.forward(ps, new NDList(local, global), training);
        NDArray z = NDArrays.concat(new NDList(fa.get(0), globalPooled), 1);
        out.add(named(fwd(head, ps, z, training), SCORE));
        out.add(named(fwd(auxGlobal, ps, globalPooled, training).squeeze(1), AUX_GLOBAL));
        out.add(named(fwd(auxLocal, ps, localPooled, training).squeeze(1), AUX_LOCAL));
        out.add(named(fa.get(1), REGION_WEIGHTS));
        return out;
    }

    /**
     * Global average pooling, (B, C, H, W) to (B, C). DJL's PyTorch engine averages over one axis
     * at a time only ({@code mean(new int[] {2, 3})} throws), so H and W are flattened first.
     */
    static NDArray globalAveragePool(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2});
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] taps = backbone.getOutputShapes(inputShapes);
        backbone.initialize(manager, dataType, inputShapes);
        long b = inputShapes[0].get(0);
        if (localTokens == null) {
            head.initialize(manager, dataType, new Shape(b, taps[1].get(1)));
            return;
        }
        Shape l = init(localTokens, manager, dataType, taps[0]);
        Shape g = init(globalTokens, manager, dataType, taps[1]);
        if (plegdf != null) {
            plegdf.initialize(manager, dataType, l, g);
        }
        if (fglscf != null) {
            fglscf.initialize(manager, dataType, l, g);
            auxGlobal.initialize(manager, dataType, new Shape(b, config.dim));
            auxLocal.initialize(manager, dataType, new Shape(b, config.dim));
        }
        head.initialize(manager, dataType, new Shape(b, 2L * config.dim));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        if (fglscf == null) {
            return new Shape[] {new Shape(b)};
        }
        long rr = (long) config.regions * config.regions;
        return new Shape[] {new Shape(b), new Shape(b), new Shape(b), new Shape(b, rr)};
    }
}
