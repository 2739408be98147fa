package org.plegdf.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The operations through which inference reaches bfloat16: cast to bfloat16, cast back to float32,
 * and softmax computed in float32.
 *
 * <p>Why a TorchScript helper: DJL 0.36's PyTorch JNI maps Java data types to torch types with a
 * switch that has no bfloat16 case (and throws without an exception, which aborts the JVM), so
 * {@code toType(DataType.BFLOAT16)}, and any DJL op that passes an array's type on (softmax,
 * zerosLike, toType(x.getDataType())), cannot be used. Every other op DJL exposes works on
 * bfloat16 tensors (convolution, linear, matmul, LayerNorm, GELU, pooling, elementwise), because it
 * never names the type. These three run through two tiny scripted modules shipped as resources
 * ({@code bf16_cast.pt}, {@code bf16_softmax.pt}, written by tools/reference/make_bf16_ops.py, no
 * parameters). DJL reports the type of a bfloat16 array as {@code UNKNOWN}.
 */
final class Bf16Ops {
    private Bf16Ops() {}

    /** The scripted modules, loaded once per process on first use (they hold no tensors). */
    private static final class Holder {
        static final PtSymbolBlock CAST;
        static final PtSymbolBlock SOFTMAX;

        static {
            Engines.engine();
            // A manager of its own that is never closed: the modules live as long as the process.
            PtNDManager m = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
            CAST = load(m, "bf16_cast.pt");
            SOFTMAX = load(m, "bf16_softmax.pt");
        }

        private static PtSymbolBlock load(PtNDManager m, String name) {
            try (InputStream in = Bf16Ops.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing from the plegdf jar");
                }
                return JniUtils.loadModule(m, in, true, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " from the plegdf jar", e);
            }
        }
    }

    /** @return x (float32) in bfloat16, attached to x's manager */
    static NDArray toBf16(NDArray x) {
        return run(Holder.CAST, x);
    }

    /** @return x (bfloat16) in float32, attached to x's manager */
    static NDArray toFloat32(NDArray x) {
        return run(Holder.CAST, x);
    }

    /**
     * @param x a bfloat16 array
     * @return softmax over its last axis, computed in float32, in bfloat16
     */
    static NDArray softmaxLastAxis(NDArray x) {
        return run(Holder.SOFTMAX, x);
    }

    private static NDArray run(PtSymbolBlock module, NDArray x) {
        // "Training" only tells DJL's JNI not to enter the deprecated AutoNonVariableTypeMode, which
        // prints a warning; the modules have neither parameters nor dropout, and x needs no gradient.
        return IValueUtils.forward(module, new NDList(x), true).singletonOrThrow();
    }
}
