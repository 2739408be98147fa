package org.plegdf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** Which library the engine is told to load, and the one-line errors when the named one cannot work. */
class LibrarySelectionTest {
    private static final Optional<NvidiaDriver> DRIVER = FakeInstalls.driver("550.54.14");

    @TempDir Path tmp;

    private LibtorchFinder finder() {
        return new LibtorchFinder("", tmp.resolve("home"), tmp.resolve("work"), null, List.of());
    }

    @Test
    void noChoiceKeepsTheBundledLibraryAndSetsNothing() {
        LibrarySelection s = LibrarySelection.select(null, false, Map.of(), finder(), DRIVER);
        assertThat(s.library()).isNull();
        assertThat(s.properties()).isEmpty();
        assertThat(s.download()).isFalse();
    }

    @Test
    void aNamedFolderSetsDjlsThreeProperties() {
        Path lib = FakeInstalls.pipTorch(tmp.resolve("site"), "2.7.1+cu128", "12.8", true);
        LibrarySelection s = LibrarySelection.select(tmp.resolve("site/torch").toString(), false, Map.of(), finder(), DRIVER);
        assertThat(s.properties()).containsOnly(Map.entry("PYTORCH_LIBRARY_PATH", lib.toString()),
                Map.entry("PYTORCH_VERSION", "2.7.1"), Map.entry("PYTORCH_FLAVOR", "cu128"));
        // the environment variable means the same as the option
        LibrarySelection e = LibrarySelection.select(null, false, Map.of("PLEGDF_LIBTORCH", lib.toString()), finder(), DRIVER);
        assertThat(e.library().libDir()).isEqualTo(lib);
        assertThat(e.note()).isEqualTo("chosen by PLEGDF_LIBTORCH");
    }

    @Test
    void aNamedFolderThatCannotWorkIsAOneLineEngineError() {
        FakeInstalls.libtorch(tmp.resolve("lt"), "2.7.1+cu126", true);
        assertThatThrownBy(() -> LibrarySelection.select(tmp.resolve("lt").toString(), false, Map.of(), finder(), DRIVER))
                .isInstanceOf(PlegdfException.class)
                .hasMessage("--libtorch " + tmp.resolve("lt/lib") + ": a CUDA 12.6 build, but DJL 0.36 ships its JNI bridge for CUDA 12.8"
                        + " (cu128) only (" + LibtorchCheck.PIP_HINT + ")")
                .extracting(e -> ((PlegdfException) e).exitCode()).isEqualTo(ExitCodes.ENGINE);
        assertThatThrownBy(() -> LibrarySelection.select(tmp.resolve("nothing").toString(), false, Map.of(), finder(), DRIVER))
                .hasMessageStartingWith("--libtorch " + tmp.resolve("nothing") + ": no libtorch.so in ");
    }

    @Test
    void autoTakesTheFirstUsableCudaLibraryElseTheBundledOneWithAReason() {
        FakeInstalls.pipTorch(tmp.resolve("home/.venv/lib/python3.12/site-packages"), "2.6.0+cu124", "12.4", true);
        LibrarySelection none = LibrarySelection.select("auto", false, Map.of(), finder(), DRIVER);
        assertThat(none.library()).isNull();
        assertThat(none.note()).isEqualTo("--libtorch auto: no usable CUDA library among 1 found (see `plegdf info`); using the bundled CPU library");
        Path good = FakeInstalls.libtorch(tmp.resolve("home/libtorch"), "2.7.1+cu128", true);
        assertThat(LibrarySelection.select("auto", false, Map.of(), finder(), DRIVER).library().libDir()).isEqualTo(good);
        // without a driver no CUDA library is usable
        assertThat(LibrarySelection.select("auto", false, Map.of(), finder(), Optional.empty()).library()).isNull();
    }

    @Test
    void djlsEnvironmentVariableGetsTheFlavourDjlWouldGuessWrongly() {
        Path lib = FakeInstalls.libtorch(tmp.resolve("lt"), "2.7.1+cu128", true);
        LibrarySelection s = LibrarySelection.select(null, false, Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), finder(), DRIVER);
        assertThat(s.properties()).containsOnly(Map.entry("PYTORCH_FLAVOR", "cu128"), Map.entry("PYTORCH_VERSION", "2.7.1"));
        Path other = FakeInstalls.libtorch(tmp.resolve("lt2"), "2.7.1+cu128", true);
        assertThatThrownBy(() -> LibrarySelection.select(other.toString(), false, Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), finder(), DRIVER))
                .hasMessage("PYTORCH_LIBRARY_PATH=" + lib + " in the environment wins over --libtorch " + other
                        + " (DJL reads the environment first); unset one of them");
    }

    @Test
    void downloadIsOptInAndNeedsADriverAndNoDjlOffline() {
        LibrarySelection s = LibrarySelection.select(null, true, Map.of(), finder(), DRIVER);
        assertThat(s.download()).isTrue();
        assertThat(s.properties()).containsOnly(Map.entry("ai.djl.offline", "false"), Map.entry("PYTORCH_FLAVOR", "cu128"));
        assertThat(LibrarySelection.select(null, false, Map.of("PLEGDF_ALLOW_ENGINE_DOWNLOAD", "1"), finder(), DRIVER).download()).isTrue();
        assertThatThrownBy(() -> LibrarySelection.select(null, true, Map.of(), finder(), Optional.empty()))
                .hasMessageContaining("--allow-engine-download fetches DJL's CUDA 12.8 build of PyTorch, but this machine has no NVIDIA driver");
        assertThatThrownBy(() -> LibrarySelection.select(null, true, Map.of("DJL_OFFLINE", "true"), finder(), DRIVER))
                .hasMessageContaining("DJL_OFFLINE=true in the environment forbids DJL any download");
        // a usable local library wins over a download
        FakeInstalls.libtorch(tmp.resolve("home/libtorch"), "2.7.1+cu128", true);
        assertThat(LibrarySelection.select("auto", true, Map.of(), finder(), DRIVER).download()).isFalse();
    }

    @Test
    void theHiderRemovesOnlyTheBundledJarsNativeProperties() throws Exception {
        ClassLoader parent = getClass().getClassLoader();
        List<URL> all = Collections.list(parent.getResources(BundledLibraryHider.NATIVE_PROPERTIES));
        assertThat(all).anyMatch(u -> u.toString().contains("pytorch-native-cpu"));
        BundledLibraryHider hider = new BundledLibraryHider(parent);
        assertThat(Collections.list(hider.getResources(BundledLibraryHider.NATIVE_PROPERTIES)))
                .noneMatch(u -> u.toString().contains("pytorch-native-"));
        assertThat(hider.getResource(BundledLibraryHider.NATIVE_PROPERTIES)).isNull();
        // DJL's engine properties and JNI bridge stay visible
        assertThat(hider.getResource("pytorch-engine.properties")).isNotNull();
        assertThat(hider.getResource("jnilib/linux-x86_64/cu128/libdjl_torch.so")).isNotNull();
    }
}
