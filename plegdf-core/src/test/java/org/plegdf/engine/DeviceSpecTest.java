package org.plegdf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** --device values: single devices, GPU lists, and the one-line errors. */
class DeviceSpecTest {
    private static final Libtorch CUDA = new Libtorch(Path.of("/x/torch/lib"), Libtorch.Source.PIP, "2.7.1", "12.8", "t");
    private static final Libtorch CPU = new Libtorch(Path.of("/c"), Libtorch.Source.BUNDLED, "2.7.1", null, "t");

    @Test
    void autoTakesTheFirstGpuWhenOneIsVisible() {
        assertThat(DeviceSpec.parse("auto", 0, CPU)).containsExactly(Device.cpu());
        assertThat(DeviceSpec.parse(null, 2, CUDA)).containsExactly(Device.gpu(0));
        assertThat(DeviceSpec.parse(" GPU:1 ", 2, CUDA)).containsExactly(Device.gpu(1));
        assertThat(DeviceSpec.parse("gpu", 1, CUDA)).containsExactly(Device.gpu(0));
        assertThat(DeviceSpec.parse("cpu", 2, CUDA)).containsExactly(Device.cpu());
    }

    @Test
    void aListIsParsedInOrder() {
        assertThat(DeviceSpec.parse("gpu:1,gpu:0", 2, CUDA)).containsExactly(Device.gpu(1), Device.gpu(0));
        assertThat(DeviceSpec.parse("gpu:0, gpu:1, gpu:2", 4, CUDA)).hasSize(3);
    }

    @Test
    void badValuesAreConfigErrorsNamingTheValue() {
        assertError("tpu", 0, CPU, ExitCodes.BAD_CONFIG, "--device tpu: unknown device 'tpu' (" + DeviceSpec.FORMS + ")");
        assertError("gpu:x", 1, CUDA, ExitCodes.BAD_CONFIG, "--device gpu:x: unknown device 'gpu:x' (" + DeviceSpec.FORMS + ")");
        assertError("gpu:-1", 1, CUDA, ExitCodes.BAD_CONFIG, "--device gpu:-1: GPU index -1 is negative (" + DeviceSpec.FORMS + ")");
        assertError("cpu,gpu:0", 1, CUDA, ExitCodes.BAD_CONFIG,
                "--device cpu,gpu:0: mixes the CPU with GPUs; data-parallel training splits a batch over GPUs only (" + DeviceSpec.FORMS + ")");
        assertError("gpu:0,gpu:0", 2, CUDA, ExitCodes.BAD_CONFIG, "--device gpu:0,gpu:0: gpu:0 is listed twice (" + DeviceSpec.FORMS + ")");
        assertError("auto,gpu:1", 2, CUDA, ExitCodes.BAD_CONFIG, "--device auto,gpu:1: auto cannot be part of a list (" + DeviceSpec.FORMS + ")");
        assertError("gpu:0,", 2, CUDA, ExitCodes.BAD_CONFIG, "--device gpu:0,: unknown device '' (" + DeviceSpec.FORMS + ")");
    }

    @Test
    void aGpuBeyondTheVisibleCountIsAnEngineError() {
        assertError("gpu:2", 2, CUDA, ExitCodes.ENGINE, "--device gpu:2: gpu(2) asked for, but PyTorch sees 2 GPU(s), gpu:0 to gpu:1"
                + " (CUDA_VISIBLE_DEVICES may hide others)");
        assertError("gpu:0,gpu:1", 1, CUDA, ExitCodes.ENGINE, "--device gpu:0,gpu:1: gpu(1) asked for, but PyTorch sees 1 GPU(s), gpu:0 to"
                + " gpu:0 (CUDA_VISIBLE_DEVICES may hide others)");
        assertError("gpu", 0, CUDA, ExitCodes.ENGINE, "--device gpu: gpu(0) asked for, but PyTorch sees no GPU (is the NVIDIA driver"
                + " loaded? CUDA_VISIBLE_DEVICES empty?)");
    }

    @Test
    void aGpuWithTheCpuLibraryNamesTheRealWaysToGetCuda() {
        assertThatThrownBy(() -> DeviceSpec.parse("gpu", 0, CPU))
                .hasMessageStartingWith("--device gpu: the PyTorch library in use is the CPU build (bundled CPU library 2.7.1+cpu at /c);"
                        + " give a CUDA PyTorch 2.7.1 with --libtorch DIR or auto")
                .hasMessageContaining("--allow-engine-download")
                .hasMessageNotContaining("-Pcuda");
    }

    private static void assertError(String spec, int gpus, Libtorch lib, int code, String message) {
        assertThatThrownBy(() -> DeviceSpec.parse(spec, gpus, lib))
                .isInstanceOf(PlegdfException.class)
                .hasMessage(message)
                .extracting(e -> ((PlegdfException) e).exitCode()).isEqualTo(code);
    }
}
