package org.plegdf.model.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * The element types weights files hold, under their safetensors names, with PyTorch's storage class
 * for each. Floating types convert to float32, the only type plegdf's parameters have.
 */
public enum DType {
    /** float64. */
    F64(8, "DoubleStorage"),
    /** float32. */
    F32(4, "FloatStorage"),
    /** IEEE half precision. */
    F16(2, "HalfStorage"),
    /** bfloat16. */
    BF16(2, "BFloat16Storage"),
    /** int64 (e.g. BatchNorm's num_batches_tracked). */
    I64(8, "LongStorage"),
    /** int32. */
    I32(4, "IntStorage"),
    /** int16. */
    I16(2, "ShortStorage"),
    /** int8. */
    I8(1, "CharStorage"),
    /** uint8. */
    U8(1, "ByteStorage"),
    /** bool, one byte each. */
    BOOL(1, "BoolStorage"),
    /** uint16 (safetensors only). */
    U16(2, null),
    /** uint32 (safetensors only). */
    U32(4, null),
    /** uint64 (safetensors only). */
    U64(8, null);

    private final int width;
    private final String storageClass;

    DType(int width, String storageClass) {
        this.width = width;
        this.storageClass = storageClass;
    }

    /** @return bytes per element */
    public int width() {
        return width;
    }

    /** @return whether the values are floating point (loadable into a parameter) */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * @param name a safetensors dtype name (F32, BF16, I64, ...)
     * @return the type, if plegdf reads it
     */
    public static Optional<DType> bySafetensorsName(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * @param className a torch storage class name without module (FloatStorage, HalfStorage, ...)
     * @return the type, if plegdf reads it
     */
    public static Optional<DType> byStorageClass(String className) {
        return Arrays.stream(values()).filter(d -> className.equals(d.storageClass)).findFirst();
    }

    /**
     * @param data little-endian elements of this type, contiguous
     * @return them as float32
     * @throws IllegalStateException for a non-floating type
     */
    public float[] toFloats(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[data.length / width];
        switch (this) {
            case F32 -> buf.asFloatBuffer().get(v);
            case F64 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) buf.getDouble();
                }
            }
            case F16 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = halfToFloat(buf.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(this + " is not a floating type");
        }
        return v;
    }

    /**
     * @param values float32 values
     * @return them as little-endian F32 bytes
     */
    public static byte[] f32Bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
