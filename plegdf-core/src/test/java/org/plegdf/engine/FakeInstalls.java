package org.plegdf.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Folder trees laid out like real PyTorch installs, with empty libraries, for detection tests. */
final class FakeInstalls {
    private FakeInstalls() {}

    /**
     * A pip install's torch package in {@code sitePackages}.
     *
     * @param cuda version.py's cuda value ("12.8"), or null for a CPU wheel
     * @param withCudaLibs whether torch/lib holds libtorch_cuda.so and site-packages/nvidia/cudnn exists
     * @return the torch/lib folder
     */
    static Path pipTorch(Path sitePackages, String version, String cuda, boolean withCudaLibs) {
        Path torch = sitePackages.resolve("torch");
        Path lib = torch.resolve("lib");
        write(torch.resolve("version.py"), "from typing import Optional\n\n__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip']\n"
                + "__version__ = '" + version + "'\ndebug = False\ncuda: Optional[str] = " + (cuda == null ? "None" : "'" + cuda + "'")
                + "\ngit_version = 'e2d141dbde55c2a4370fac5165b0561b6af4798b'\nhip: Optional[str] = None\n");
        for (String f : new String[] {"libtorch.so", "libtorch_cpu.so", "libc10.so", "libshm.so", "libtorch_python.so"}) {
            write(lib.resolve(f), "");
        }
        if (withCudaLibs) {
            write(lib.resolve("libtorch_cuda.so"), "");
            write(lib.resolve("libc10_cuda.so"), "");
            write(sitePackages.resolve("nvidia/cudnn/lib/libcudnn.so.9"), "");
        }
        return lib;
    }

    /** An unpacked libtorch archive: root/build-version (null: none) and root/lib. */
    static Path libtorch(Path root, String buildVersion, boolean cudaLibs) {
        if (buildVersion != null) {
            write(root.resolve("build-version"), buildVersion + "\n");
        }
        write(root.resolve("build-hash"), "e2d141dbde55c2a4370fac5165b0561b6af4798b\n");
        write(root.resolve("lib/libtorch.so"), "");
        write(root.resolve("lib/libtorch_cpu.so"), "");
        write(root.resolve("lib/libc10.so"), "");
        if (cudaLibs) {
            write(root.resolve("lib/libtorch_cuda.so"), "");
            write(root.resolve("lib/libcudnn.so.9"), "");
        }
        return root.resolve("lib");
    }

    /** An executable placeholder interpreter, as on PATH. */
    static Path python(Path bin) {
        Path exe = bin.resolve("python3");
        write(exe, "#!/bin/sh\nexit 1\n");
        try {
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exe;
    }

    static Optional<NvidiaDriver> driver(String version) {
        return Optional.of(new NvidiaDriver(version, "test", java.util.List.of()));
    }

    static void write(Path f, String text) {
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
