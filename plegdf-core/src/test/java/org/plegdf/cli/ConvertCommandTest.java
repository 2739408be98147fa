package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.Reference;
import org.plegdf.model.Safetensors;
import org.plegdf.model.interop.RawTensor;
import org.plegdf.util.ExitCodes;

/** {@code plegdf convert} on torch.save files written by PyTorch (tools/reference/checkpoints.py). */
class ConvertCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void write() {
        Reference.requireTorch();
        Reference.script("checkpoints.py", "views", "--out", dir);
        Reference.script("checkpoints.py", "hostile", "--marker", dir.resolve("pwned"), "--out", dir.resolve("hostile"));
    }

    @Test
    void listsNamesDtypesAndShapes() {
        CliRunner.Result r = CliRunner.run("convert", "--list", dir.resolve("views-zip.pth").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("11 tensors (torch.save zip archive, state_dict at the top level)")
                .containsPattern("transposed +F32 +\\[5, 6\\]")
                .containsPattern("int64 +I64 +\\[3, 3\\]")
                .containsPattern("bf16 +BF16 +\\[2, 4\\]")
                .containsPattern("float64 +F64 +\\[4, 3\\]");
    }

    @Test
    void convertsBitForBitKeepingEachDtype() {
        Path out = dir.resolve("converted/views.safetensors");
        CliRunner.Result r = CliRunner.run("convert", dir.resolve("views-legacy.pth").toString(), out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("wrote " + out);
        Map<String, RawTensor> got = Safetensors.readRaw(out).tensors();
        Map<String, RawTensor> want = Safetensors.readRaw(dir.resolve("views.safetensors")).tensors();
        assertThat(new ArrayList<>(got.keySet())).isEqualTo(new ArrayList<>(want.keySet()));
        want.forEach((name, w) -> {
            assertThat(got.get(name).dtype()).as(name).isEqualTo(w.dtype());
            assertThat(got.get(name).shape()).as(name).isEqualTo(w.shape());
            assertThat(got.get(name).data()).as(name).isEqualTo(w.data());
        });
        CliRunner.Result again = CliRunner.run("convert", dir.resolve("views-legacy.pth").toString(), out.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.OUTPUT_NOT_WRITABLE);
        assertThat(again.err()).contains("--force");
    }

    @Test
    void aHostileFileIsOneLineAndWritesNothing() {
        Path out = dir.resolve("evil.safetensors");
        CliRunner.Result r = CliRunner.run("convert", dir.resolve("hostile/os-system.pth").toString(), out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_WEIGHTS);
        assertThat(r.err().strip()).startsWith("plegdf: error: ").contains("'posix.system'").doesNotContain("\n").doesNotContain("\tat ");
        assertThat(Files.exists(out)).isFalse();
        assertThat(Files.exists(dir.resolve("pwned"))).isFalse();
    }
}
