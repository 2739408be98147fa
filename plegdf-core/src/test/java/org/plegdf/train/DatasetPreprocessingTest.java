package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.face.DetectorKind;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PreprocessingConfig;
import org.plegdf.preprocess.PreprocessRun;
import org.plegdf.preprocess.PreprocessSettings;
import org.plegdf.preprocess.PreprocessSummary;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/** The model records how its training crops were made, read from the dataset's preprocess summary. */
class DatasetPreprocessingTest {
    @TempDir Path tmp;

    @Test
    void readsTheSettingsPreprocessWrote() {
        // Exactly what PreprocessRun writes (same record, same mapper).
        PreprocessSummary s = new PreprocessSummary(1, 1, 0, 0, 0, 10, 10, 0, 50, 1, 10, 50, 1,
                new PreprocessSettings(160, 5, 0, DetectorKind.YUNET, 0.2), List.of());
        Json.write(tmp.resolve(PreprocessRun.SUMMARY), s);
        PreprocessingConfig p = DatasetPreprocessing.of(tmp, new PreprocessingConfig());
        assertThat(p.frameStep).isEqualTo(5);
        assertThat(p.detector).isEqualTo("yunet");
        assertThat(p.minFace).isEqualTo(0.2);
        assertThat(p.cropSize).isEqualTo(160);
        assertThat(p.source).endsWith(PreprocessRun.SUMMARY);
        assertThat(p.effectiveCropSize(112)).isEqualTo(160);
    }

    @Test
    void withoutASummaryTheDefaultsStandAndOldConfigsStillLoad() throws Exception {
        PreprocessingConfig fallback = new PreprocessingConfig();
        assertThat(DatasetPreprocessing.of(tmp, fallback)).isSameAs(fallback);
        assertThat(fallback.frameStep).isEqualTo(3);
        assertThat(fallback.detector).isEqualTo("haar");
        assertThat(fallback.effectiveCropSize(112)).isEqualTo(112);
        // A config.json written before the preprocessing section existed.
        String old = Json.mapper().writeValueAsString(ModelConfig.cpuDefaults()).replaceAll(",\\s*\"preprocessing\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(old).doesNotContain("preprocessing");
        Files.writeString(tmp.resolve("config.json"), old);
        assertThat(ModelConfig.read(tmp.resolve("config.json")).preprocessing.frameStep).isEqualTo(3);
    }

    @Test
    void aDamagedSummaryIsNamed() throws Exception {
        Files.writeString(tmp.resolve(PreprocessRun.SUMMARY), "{\"settings\": {\"size\": \"big\"}}");
        assertThatThrownBy(() -> DatasetPreprocessing.of(tmp, new PreprocessingConfig()))
                .isInstanceOf(PlegdfException.class)
                .hasMessageContaining(PreprocessRun.SUMMARY)
                .extracting(e -> ((PlegdfException) e).exitCode()).isEqualTo(ExitCodes.BAD_DATASET);
        ModelConfig c = ModelConfig.cpuDefaults();
        c.preprocessing.frameStep = 0;
        assertThatThrownBy(c::validate).hasMessageContaining("preprocessing.frame_step");
    }
}
