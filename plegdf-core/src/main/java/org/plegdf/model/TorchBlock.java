package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/**
 * Base of plegdf's blocks: children are registered under the PyTorch module name they have in the
 * reference (e.g. {@code conv1}, {@code layer1}, {@code 0}), so {@link TorchNames} can give every
 * parameter its PyTorch state_dict name. Also small helpers for chaining child blocks.
 */
public abstract class TorchBlock extends AbstractBlock {

    /** Creates a block with DJL block version 1. */
    protected TorchBlock() {
        super((byte) 1);
    }

    /**
     * Registers a child under its PyTorch module name.
     *
     * @param torchName the name in the reference's state_dict
     * @param block the child
     * @param <B> its type
     * @return the child
     */
    protected final <B extends Block> B child(String torchName, B block) {
        return addChildBlock(torchName, block);
    }

    /**
     * Initialises a child for one input shape and returns its output shape.
     *
     * @param block the child
     * @param manager the manager for its parameters
     * @param dataType the parameter type
     * @param in the child's input shape
     * @return the child's (first) output shape
     */
    protected static Shape init(Block block, NDManager manager, DataType dataType, Shape... in) {
        block.initialize(manager, dataType, in);
        return block.getOutputShapes(in)[0];
    }

    /**
     * Runs a single-input, single-output child.
     *
     * @param block the child
     * @param ps the parameter store
     * @param x the input
     * @param training training mode (dropout, BatchNorm statistics)
     * @return the output
     */
    protected static NDArray fwd(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Dropout that is the identity outside training and at rate 0.
     *
     * @param x input
     * @param rate probability of zeroing an element
     * @param training training mode
     * @return the output
     */
    protected static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0f) {
            return x;
        }
        return Dropout.dropout(x, rate, true).singletonOrThrow();
    }
}
