package org.plegdf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and diagnosing PyTorch installs in fake folder trees (no library is loaded). */
class LibtorchDetectionTest {
    private static final Optional<NvidiaDriver> NO_DRIVER = Optional.empty();

    @TempDir Path tmp;

    private LibtorchFinder finder(String path) {
        return new LibtorchFinder(path, tmp.resolve("home"), tmp.resolve("work"), tmp.resolve("home/.djl.ai"), List.of(tmp.resolve("opt")));
    }

    @Test
    void findsPipTorchBesidePythonOnPathAndReadsVersionPy() {
        Path bin = tmp.resolve("env/bin");
        FakeInstalls.python(bin);
        Path lib = FakeInstalls.pipTorch(tmp.resolve("env/lib/python3.12/site-packages"), "2.7.1+cu128", "12.8", true);
        List<Libtorch> found = finder(bin.toString()).find();
        assertThat(found).hasSize(1);
        Libtorch t = found.get(0);
        assertThat(t.libDir()).isEqualTo(lib);
        assertThat(t.source()).isEqualTo(Libtorch.Source.PIP);
        assertThat(t.version()).isEqualTo("2.7.1");
        assertThat(t.cuda()).isEqualTo("12.8");
        assertThat(t.flavor()).isEqualTo("cu128");
        assertThat(t.origin()).contains("python3 on PATH");
        LibtorchCheck ok = LibtorchCheck.of(t, FakeInstalls.driver("550.54.14"));
        assertThat(ok.usableOnGpu()).isTrue();
        assertThat(ok.line()).isEqualTo("pip torch 2.7.1+cu128 at " + lib + ": usable on the GPU");
    }

    @Test
    void findsVenvCondaPyenvUserSiteAndDebianDistPackages() {
        Path home = tmp.resolve("home");
        FakeInstalls.pipTorch(home.resolve(".venv/lib/python3.11/site-packages"), "2.7.1+cu128", "12.8", true);
        FakeInstalls.pipTorch(home.resolve("miniconda3/envs/gpu/lib/python3.10/site-packages"), "2.7.1+cu126", "12.6", true);
        FakeInstalls.pipTorch(home.resolve(".pyenv/versions/3.12.4/lib/python3.12/site-packages"), "2.7.1+cpu", null, false);
        FakeInstalls.pipTorch(home.resolve(".local/lib/python3.12/site-packages"), "2.6.0+cu124", "12.4", true);
        FakeInstalls.pipTorch(tmp.resolve("opt/lib/python3/dist-packages"), "1.13.0a0", null, false);
        FakeInstalls.pipTorch(tmp.resolve("work/.venv/lib/python3.12/site-packages"), "2.7.1+cu128", "12.8", true);
        List<String> flavors = finder("").find().stream().map(l -> l.version() + "+" + l.flavor()).toList();
        assertThat(flavors).containsExactlyInAnyOrder("2.7.1+cu128", "2.7.1+cu126", "2.7.1+cpu", "2.6.0+cu124", "1.13.0a0+cpu", "2.7.1+cu128");
    }

    @Test
    void findsUnpackedLibtorchAndDjlCacheButNotTheBundledCpuCopy() {
        Path lt = FakeInstalls.libtorch(tmp.resolve("home/libtorch"), "2.7.1+cu128", true);
        FakeInstalls.write(tmp.resolve("home/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64/libtorch.so"), "");
        FakeInstalls.write(tmp.resolve("home/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64/libtorch_cuda.so"), "");
        FakeInstalls.write(tmp.resolve("home/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64/libtorch.so"), "");
        List<Libtorch> found = finder("").find();
        assertThat(found).extracting(Libtorch::source).containsExactly(Libtorch.Source.UNPACKED, Libtorch.Source.DJL_CACHE);
        assertThat(found.get(0).libDir()).isEqualTo(lt);
        assertThat(found.get(0).flavor()).isEqualTo("cu128");
        assertThat(found.get(1).version()).isEqualTo("2.7.1");
        assertThat(found.get(1).flavor()).isEqualTo("cu128");
        assertThat(LibtorchCheck.of(found.get(1), FakeInstalls.driver("570.86.15")).usableOnGpu()).isTrue();
    }

    @Test
    void probeAcceptsTheRootItsLibTorchFolderOrTorchLib() {
        FakeInstalls.libtorch(tmp.resolve("lt"), "2.7.1+cpu", false);
        assertThat(LibtorchProbe.probe(tmp.resolve("lt"), "x").orElseThrow().libDir()).isEqualTo(tmp.resolve("lt/lib"));
        assertThat(LibtorchProbe.probe(tmp.resolve("lt/lib"), "x").orElseThrow().version()).isEqualTo("2.7.1");
        FakeInstalls.pipTorch(tmp.resolve("site"), "2.7.1+cu128", "12.8", true);
        assertThat(LibtorchProbe.probe(tmp.resolve("site/torch"), "x").orElseThrow().source()).isEqualTo(Libtorch.Source.PIP);
        assertThat(LibtorchProbe.probe(tmp.resolve("site"), "x")).isEmpty();
    }

    @Test
    void diagnosesTheWrongVersion() {
        Libtorch t = LibtorchProbe.probe(FakeInstalls.pipTorch(tmp.resolve("s"), "2.6.0+cu124", "12.4", true), "x").orElseThrow();
        assertThat(LibtorchCheck.of(t, FakeInstalls.driver("550.54.14")).problems()).containsExactly(
                "PyTorch 2.6.0, but DJL 0.36 needs exactly 2.7.1 (" + LibtorchCheck.PIP_HINT + ")",
                "a CUDA 12.4 build, but DJL 0.36 ships its JNI bridge for CUDA 12.8 (cu128) only (" + LibtorchCheck.PIP_HINT + ")");
    }

    @Test
    void diagnosesTheWrongCudaFlavour() {
        Libtorch t = LibtorchProbe.probe(FakeInstalls.libtorch(tmp.resolve("lt"), "2.7.1+cu118", true), "x").orElseThrow();
        assertThat(t.cuda()).isEqualTo("11.8");
        assertThat(LibtorchCheck.of(t, FakeInstalls.driver("550.54.14")).line()).isEqualTo("unpacked libtorch 2.7.1+cu118 at "
                + tmp.resolve("lt/lib") + ": a CUDA 11.8 build, but DJL 0.36 ships its JNI bridge for CUDA 12.8 (cu128) only ("
                + LibtorchCheck.PIP_HINT + ")");
    }

    @Test
    void diagnosesAMissingOrOldDriver() {
        Libtorch t = LibtorchProbe.probe(FakeInstalls.pipTorch(tmp.resolve("s"), "2.7.1+cu128", "12.8", true), "x").orElseThrow();
        assertThat(LibtorchCheck.of(t, NO_DRIVER).problems()).containsExactly("no NVIDIA driver on this machine (no "
                + "/proc/driver/nvidia/version, no nvidia-smi on PATH): a CUDA build cannot reach a GPU");
        assertThat(LibtorchCheck.of(t, FakeInstalls.driver("470.82.01")).problems()).containsExactly(
                "NVIDIA driver 470.82.01 is older than 525.60.13, the oldest that runs CUDA 12.8 builds; update the driver");
        assertThat(LibtorchCheck.of(t, FakeInstalls.driver("525.60.13")).usable()).isTrue();
    }

    @Test
    void diagnosesIncompleteCudaInstalls() {
        Libtorch noCudaLib = LibtorchProbe.probe(FakeInstalls.pipTorch(tmp.resolve("a"), "2.7.1+cu128", "12.8", false), "x").orElseThrow();
        assertThat(LibtorchCheck.of(noCudaLib, FakeInstalls.driver("550.54.14")).problems()).containsExactly(
                "says CUDA 12.8 but " + noCudaLib.libDir() + " has no libtorch_cuda.so (an incomplete install)",
                "the nvidia-* pip packages this torch loads are missing (no site-packages/nvidia/cudnn); reinstall torch with pip so its"
                        + " dependencies come too");
        Libtorch bare = LibtorchProbe.probe(FakeInstalls.libtorch(tmp.resolve("b"), null, true), "x").orElseThrow();
        assertThat(LibtorchCheck.of(bare, FakeInstalls.driver("550.54.14")).problems()).containsExactly(
                "its PyTorch version is not recorded (no torch/version.py or build-version beside lib/); plegdf needs 2.7.1",
                "a CUDA build whose CUDA version is not recorded; name the libtorch folder that holds build-version, or a pip torch folder");
    }

    @Test
    void aCpuBuildOfTheRightVersionIsUsableWithoutADriver() {
        Libtorch t = LibtorchProbe.probe(FakeInstalls.pipTorch(tmp.resolve("s"), "2.7.1+cpu", null, false), "x").orElseThrow();
        LibtorchCheck c = LibtorchCheck.of(t, NO_DRIVER);
        assertThat(c.usable()).isTrue();
        assertThat(c.usableOnGpu()).isFalse();
        assertThat(c.line()).endsWith(": usable (CPU only)");
    }

    @Test
    void readsTheDriverFromProcInBothModuleFlavours() {
        Path proprietary = tmp.resolve("v1");
        FakeInstalls.write(proprietary, "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024\n"
                + "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n");
        Path open = tmp.resolve("v2");
        FakeInstalls.write(open, "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build  (dvs-builder@U16)\n");
        assertThat(NvidiaDriver.fromProc(proprietary).orElseThrow().version()).isEqualTo("550.54.14");
        assertThat(NvidiaDriver.fromProc(open).orElseThrow().version()).isEqualTo("570.86.15");
        assertThat(NvidiaDriver.fromProc(tmp.resolve("absent"))).isEmpty();
        assertThat(new NvidiaDriver("570.86.15", "t", List.of()).atLeast("525.60.13")).isTrue();
        assertThat(new NvidiaDriver("525.60", "t", List.of()).atLeast("525.60.13")).isFalse();
    }

    @Test
    void findsAndDiagnosesDebiansPythonTorchOnThisMachine() throws Exception {
        // the reference implementation the parity tests use (python3-torch, .ci/run installs it)
        Path versionPy = Path.of("/usr/lib/python3/dist-packages/torch/version.py");
        assumeTrue(Files.isRegularFile(versionPy) && Files.isRegularFile(versionPy.resolveSibling("lib").resolve("libtorch.so")));
        Libtorch t = LibtorchFinder.ofThisMachine().find().stream()
                .filter(l -> l.libDir().equals(versionPy.resolveSibling("lib"))).findFirst().orElseThrow();
        assertThat(t.source()).isEqualTo(Libtorch.Source.PIP);
        assertThat(Files.readString(versionPy)).contains("__version__ = '" + t.version());
        LibtorchCheck c = LibtorchCheck.of(t, NvidiaDriver.detect());
        if (!t.version().equals(Libtorch.REQUIRED_VERSION)) {
            assertThat(c.problems()).first().asString().startsWith("PyTorch " + t.version() + ", but DJL 0.36 needs exactly 2.7.1");
        }
    }
}
