package org.plegdf.model.interop;

import java.util.Arrays;

/**
 * One tensor as a weights file holds it: its element type, shape, and its elements contiguous
 * (row-major) in little-endian bytes, exactly as read.
 *
 * @param dtype element type
 * @param shape the shape
 * @param data {@code product(shape) * dtype.width()} bytes
 */
public record RawTensor(DType dtype, long[] shape, byte[] data) {
    /** @return the element count */
    public long count() {
        return data.length / dtype.width();
    }

    /** @return shape as text, e.g. [64, 3, 7, 7] */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** @return the values as float32, or null when the type is not floating */
    public float[] floats() {
        return dtype.isFloating() ? dtype.toFloats(data) : null;
    }
}
