package org.plegdf.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What is wrong with a found library for DJL 0.36, one line per problem: its PyTorch version, its
 * CUDA flavour, missing parts, and the NVIDIA driver it would need.
 *
 * @param library the library checked
 * @param problems what stops it from working (empty: usable)
 */
public record LibtorchCheck(Libtorch library, List<String> problems) {
    /** How to get the right library, appended to version and flavour problems. */
    public static final String PIP_HINT = "pip install torch==2.7.1 --index-url https://download.pytorch.org/whl/cu128";

    /**
     * @param lib the library
     * @param driver the NVIDIA driver of this machine, if any
     * @return the problems; a CPU build on a machine without a GPU has none
     */
    public static LibtorchCheck of(Libtorch lib, Optional<NvidiaDriver> driver) {
        List<String> p = new ArrayList<>();
        if (lib.version() == null) {
            p.add("its PyTorch version is not recorded (no torch/version.py or build-version beside lib/); plegdf needs 2.7.1");
        } else if (!lib.version().equals(Libtorch.REQUIRED_VERSION)) {
            p.add("PyTorch " + lib.version() + ", but DJL 0.36 needs exactly " + Libtorch.REQUIRED_VERSION + " (" + PIP_HINT + ")");
        }
        if (lib.isCuda()) {
            cudaProblems(lib, driver, p);
        }
        return new LibtorchCheck(lib, List.copyOf(p));
    }

    private static void cudaProblems(Libtorch lib, Optional<NvidiaDriver> driver, List<String> p) {
        if ("unknown".equals(lib.cuda())) {
            p.add("a CUDA build whose CUDA version is not recorded; name the libtorch folder that holds build-version, or a pip torch folder");
        } else if (!lib.flavor().equals(Libtorch.REQUIRED_CUDA_FLAVOR)) {
            p.add("a CUDA " + lib.cuda() + " build, but DJL 0.36 ships its JNI bridge for CUDA 12.8 (cu128) only (" + PIP_HINT + ")");
        }
        if (!lib.hasCudaLibrary()) {
            p.add("says CUDA " + lib.cuda() + " but " + lib.libDir() + " has no libtorch_cuda.so (an incomplete install)");
        }
        if (lib.source() == Libtorch.Source.PIP && !hasCudnn(lib.libDir())) {
            p.add("the nvidia-* pip packages this torch loads are missing (no site-packages/nvidia/cudnn); reinstall torch with pip so its dependencies come too");
        }
        if (driver.isEmpty()) {
            p.add("no NVIDIA driver on this machine (no " + NvidiaDriver.PROC_VERSION + ", no nvidia-smi on PATH): a CUDA build cannot reach a GPU");
        } else {
            String min = NvidiaDriver.minimumFor(lib.cuda());
            if (min != null && !driver.get().atLeast(min)) {
                p.add("NVIDIA driver " + driver.get().version() + " is older than " + min + ", the oldest that runs CUDA " + lib.cuda()
                        + " builds; update the driver");
            }
        }
    }

    /** pip's CUDA wheels load cuDNN from the nvidia-cudnn package; older wheels bundle it in torch/lib. */
    private static boolean hasCudnn(Path libDir) {
        try (Stream<Path> files = Files.list(libDir)) {
            if (files.anyMatch(f -> f.getFileName().toString().startsWith("libcudnn"))) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
        Path site = libDir.getParent() == null ? null : libDir.getParent().getParent();
        return site != null && Files.isDirectory(site.resolve("nvidia").resolve("cudnn"));
    }

    /** @return whether nothing stops the library from loading */
    public boolean usable() {
        return problems.isEmpty();
    }

    /** @return whether it is usable and drives a GPU */
    public boolean usableOnGpu() {
        return usable() && library.isCuda();
    }

    /** @return one line: the library and its verdict */
    public String line() {
        if (usable()) {
            return library.describe() + ": usable" + (library.isCuda() ? " on the GPU" : " (CPU only)");
        }
        return library.describe() + ": " + String.join("; ", problems);
    }
}
