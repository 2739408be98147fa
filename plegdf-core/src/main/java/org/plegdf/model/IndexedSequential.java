package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Sequential}: children named {@code 0, 1, 2, ...} applied in order (DJL's own
 * SequentialBlock names children after their class, which would break PyTorch names).
 */
public final class IndexedSequential extends TorchBlock {

    /**
     * @param block the next child, named by its position
     * @return this
     */
    public IndexedSequential add(Block block) {
        child(Integer.toString(children.size()), block);
        return this;
    }

    /** @return the number of children */
    public int size() {
        return children.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Pair<String, Block> c : children) {
            x = c.getValue().forward(ps, x, training);
        }
        return x;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Pair<String, Block> c : children) {
            c.getValue().initialize(manager, dataType, s);
            s = c.getValue().getOutputShapes(s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Pair<String, Block> c : children) {
            s = c.getValue().getOutputShapes(s);
        }
        return s;
    }

    /**
     * Convenience for single-array chains.
     *
     * @param ps parameter store
     * @param x input
     * @param training training mode
     * @return output
     */
    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return forward(ps, new NDList(x), training).singletonOrThrow();
    }
}
