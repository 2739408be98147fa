package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.Engines;
import org.plegdf.util.ExitCodes;

/**
 * The native-library choice end to end. A fresh JVM is told with {@code --libtorch} to load a
 * libtorch folder (the bundled CPU libraries, linked into an unpacked-libtorch layout): this proves
 * that the properties plegdf sets inside the JVM reach DJL's LibUtils before the engine starts.
 */
class EngineLibraryCliTest {
    @TempDir Path tmp;

    @Test
    void aFreshJvmLoadsTheLibtorchFolderNamedByTheOption() throws Exception {
        Path lt = linkedLibtorch("2.7.1+cpu");
        Result r = child("info", "--libtorch", lt.toString(), "--device", "cpu");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("native library   unpacked libtorch 2.7.1+cpu at " + lt.resolve("lib") + " [chosen by --libtorch]")
                .contains("device           cpu");
    }

    @Test
    void aFreshJvmRefusesAWrongVersionInOneLine() throws Exception {
        Path lt = linkedLibtorch("2.6.0+cpu");
        Result r = child("info", "--libtorch", lt.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.ENGINE);
        assertThat(r.out().strip()).isEqualTo("plegdf: error: --libtorch " + lt.resolve("lib") + ": PyTorch 2.6.0, but DJL 0.36 needs"
                + " exactly 2.7.1 (pip install torch==2.7.1 --index-url https://download.pytorch.org/whl/cu128)");
    }

    @Test
    void infoListsTheLibrariesFoundAndTheDriver() {
        CliRunner.Result r = CliRunner.run("info", "--device", "cpu");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("native library   ").contains("nvidia driver    ").contains("libraries found  ");
    }

    @Test
    void aGpuOnTheCpuLibraryNamesTheRealWaysToCuda() {
        CliRunner.Result r = CliRunner.run("info", "--device", "gpu:0");
        assertThat(r.code()).isEqualTo(ExitCodes.ENGINE);
        assertThat(r.err().strip()).startsWith("plegdf: error: --device gpu:0: the PyTorch library in use is the CPU build")
                .contains("--libtorch DIR or auto").contains("--allow-engine-download").doesNotContain("-Pcuda").doesNotContain("\n");
        r = CliRunner.run("bench", "--device", "cpu,gpu:0", "--backbone", "resnet18", "--size", "112", "--batch", "1");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err()).contains("mixes the CPU with GPUs");
    }

    @Test
    void theLibraryCannotChangeOnceTheEngineRuns() {
        Engines.engine();
        CliRunner.Result r = CliRunner.run("info", "--libtorch", tmp.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.ENGINE);
        assertThat(r.err()).contains("--libtorch and --allow-engine-download apply at start-up only");
    }

    /** An unpacked-libtorch layout whose lib/ links to the bundled CPU libraries (not the JNI bridge). */
    private Path linkedLibtorch(String buildVersion) throws IOException {
        Engines.engine();
        Path bundled = Path.of(LibUtils.getLibtorchPath());
        Path root = tmp.resolve("libtorch");
        Files.createDirectories(root.resolve("lib"));
        Files.writeString(root.resolve("build-version"), buildVersion + "\n");
        try (Stream<Path> files = Files.list(bundled)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().contains("djl_torch")).toList()) {
                Files.createSymbolicLink(root.resolve("lib").resolve(f.getFileName()), f);
            }
        }
        return root;
    }

    private record Result(int code, String out) {}

    private Result child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "org.plegdf.cli.PlegdfCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PYTORCH_") || k.startsWith("PLEGDF_"));
        // DJL extracts its JNI bridge beside the library's version: keep that out of the user's cache
        pb.environment().put("DJL_CACHE_DIR", tmp.resolve("djl-cache").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
