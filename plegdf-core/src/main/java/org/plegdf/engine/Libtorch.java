package org.plegdf.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PyTorch native library found on this machine: the folder holding {@code libtorch.so}, what kind
 * of install it came from, and its version and CUDA flavour as the install itself records them.
 *
 * @param libDir the folder holding {@code libtorch.so} (what DJL's {@code PYTORCH_LIBRARY_PATH} names)
 * @param source the kind of install
 * @param version the PyTorch version without its local part ({@code 2.7.1}), or null when unknown
 * @param cuda the CUDA version it was built for ({@code 12.8}), or null for a CPU build
 * @param origin where it was found or who named it, for messages ("python3 on PATH", "--libtorch")
 */
public record Libtorch(Path libDir, Source source, String version, String cuda, String origin) {

    /** The PyTorch version DJL 0.36's JNI bridge is built against. */
    public static final String REQUIRED_VERSION = "2.7.1";
    /** The one CUDA flavour DJL 0.36 ships a Linux JNI bridge for (inside pytorch-jni). */
    public static final String REQUIRED_CUDA_FLAVOR = "cu128";

    /** The kinds of install plegdf can use. */
    public enum Source {
        /** {@code pip install torch==2.7.1+cu128}: its {@code torch/lib} folder. */
        PIP("pip torch"),
        /** A libtorch archive unpacked by hand (from pytorch.org). */
        UNPACKED("unpacked libtorch"),
        /** A library DJL downloaded into its cache on an earlier opted-in run. */
        DJL_CACHE("DJL cache"),
        /** The CPU library from the pytorch-native-cpu jar on the class path. */
        BUNDLED("bundled CPU library");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** @return how messages name this kind */
        public String label() {
            return label;
        }
    }

    /** @return {@code cpu} or {@code cuXYZ}, as DJL's {@code PYTORCH_FLAVOR} spells it */
    public String flavor() {
        return cuda == null ? "cpu" : "cu" + cuda.replace(".", "");
    }

    /** @return whether this is a CUDA build */
    public boolean isCuda() {
        return cuda != null;
    }

    /** @return whether the folder holds the CUDA part of PyTorch ({@code libtorch_cuda.so}) */
    public boolean hasCudaLibrary() {
        return Files.exists(libDir.resolve("libtorch_cuda.so"));
    }

    /** @return e.g. "pip torch 2.7.1+cu128 at /x/site-packages/torch/lib" */
    public String describe() {
        return source.label() + " " + (version == null ? "(version unknown)" : version) + "+" + flavor() + " at " + libDir;
    }
}
