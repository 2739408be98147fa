package org.plegdf.model.interop;

/**
 * Copies a strided view of a storage into contiguous row-major bytes: how a tensor that is a view
 * (a slice, a transpose, several tensors sharing one storage) becomes a plain array.
 */
final class TensorGather {
    private TensorGather() {}

    /**
     * @return the storage index of a view's last element (offset - 1 for an empty view), or
     *     Long.MAX_VALUE when the arithmetic overflows (a hostile size)
     */
    static long lastElement(long offset, long[] shape, long[] stride) {
        try {
            long last = offset;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == 0) {
                    return offset - 1;
                }
                last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
            }
            return last;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** @return the element count of a shape, or Long.MAX_VALUE on overflow */
    static long count(long[] shape) {
        try {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * @param storage the storage's bytes
     * @param width bytes per element
     * @param offset first element (storage index)
     * @param shape the view's shape
     * @param stride its strides, in elements
     * @return its elements, contiguous; the storage array itself when the view is all of it
     */
    static byte[] gather(byte[] storage, int width, long offset, long[] shape, long[] stride) {
        long n = count(shape);
        if (isContiguous(shape, stride)) {
            if (offset == 0 && n * width == storage.length) {
                return storage;
            }
            byte[] out = new byte[(int) (n * width)];
            System.arraycopy(storage, (int) (offset * width), out, 0, out.length);
            return out;
        }
        byte[] out = new byte[(int) (n * width)];
        int dims = shape.length;
        long[] index = new long[dims];
        long src = offset;
        for (long k = 0; k < n; k++) {
            System.arraycopy(storage, (int) (src * width), out, (int) (k * width), width);
            // advance the row-major index, carrying into outer dimensions
            for (int d = dims - 1; d >= 0; d--) {
                index[d]++;
                src += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                src -= shape[d] * stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }
}
