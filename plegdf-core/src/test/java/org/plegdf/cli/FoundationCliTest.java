package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;

class FoundationCliTest {
    @TempDir Path tmp;

    @Test
    void infoNamesTheEngineDeviceAndThreads() {
        CliRunner.Result r = CliRunner.run("info", "--device", "cpu");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("PyTorch 2.7.1").contains("device           cpu").contains("intra-op threads").contains("offline          true");
    }

    @Test
    void modelPrintsTheLayerSummaryAndParameterCount() {
        CliRunner.Result r = CliRunner.run("model", "--backbone", "resnet18-quarter", "--ablation", "no-plegdf", "--input-size", "112");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("backbone (ResNetBackbone)").contains("fglscf (FglscfBlock)").doesNotContain("plegdf (PlegdfBlock)")
                .contains("total trainable").contains("outputs [(1), (1), (1), (1, 16)]");
    }

    @Test
    void badInputGivesOneLineAndADistinctExitCode() throws Exception {
        CliRunner.Result r = CliRunner.run("model", "--backbone", "resnet99");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err().strip()).startsWith("plegdf: error:").contains("unknown backbone 'resnet99'").doesNotContain("\n").doesNotContain("at org.");

        Path cfg = tmp.resolve("broken.json");
        Files.writeString(cfg, "{ not json");
        r = CliRunner.run("model", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err()).contains("broken.json");

        r = CliRunner.run("--verbose", "model", "--config", cfg.toString());
        assertThat(r.err()).contains("at org.plegdf"); // the stack trace, only with --verbose
    }

    @Test
    void unknownDeviceIsAConfigurationError() {
        CliRunner.Result r = CliRunner.run("info", "--device", "tpu");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err()).contains("unknown device 'tpu'");
    }
}
