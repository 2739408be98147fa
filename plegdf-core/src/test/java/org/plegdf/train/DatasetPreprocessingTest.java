package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.face.CropRecipe;
import org.plegdf.model.ModelConfig;
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
    void readsTheRecipePreprocessWrote() {
        // Exactly what PreprocessRun writes (same record, same mapper).
        PreprocessSummary s = new PreprocessSummary(1, 1, 0, 0, 0, List.of(), 0, 10, 10, 0, 50, 1, 10, 50, 1,
                new PreprocessSettings(new CropRecipe(5, "yunet", 0.2, 160, CropRecipe.EYES, 0, null), 0), List.of());
        Json.write(tmp.resolve(PreprocessRun.SUMMARY), s);
        CropRecipe p = DatasetPreprocessing.of(tmp, CropRecipe.DEFAULT);
        assertThat(p.frameStep()).isEqualTo(5);
        assertThat(p.detector()).isEqualTo("yunet");
        assertThat(p.minFace()).isEqualTo(0.2);
        assertThat(p.cropSize()).isEqualTo(160);
        assertThat(p.source()).endsWith(PreprocessRun.SUMMARY);
        assertThat(p.cropSize(112)).isEqualTo(160);
    }

    @Test
    void summariesWrittenBeforeTheRecipeHadItsNamesStillLoad() throws Exception {
        Files.writeString(tmp.resolve(PreprocessRun.SUMMARY), """
                {"videos":1,"done":1,"skipped":0,"failed":0,"warnings":0,"framesRead":10,"framesKept":10,
                 "framesWithoutFace":0,"framesDecoded":50,"seconds":1,"framesPerSecond":10,"decodedPerSecond":50,"workers":1,
                 "settings":{"size":160,"every":5,"maxFrames":0,"detector":"YUNET","minFace":0.2},"results":[]}""");
        CropRecipe p = DatasetPreprocessing.of(tmp, CropRecipe.DEFAULT);
        assertThat(p).isEqualTo(new CropRecipe(5, "yunet", 0.2, 160, CropRecipe.EYES, 0, p.source()));
    }

    @Test
    void withoutASummaryTheDefaultsStandAndOldConfigsStillLoad() throws Exception {
        assertThat(DatasetPreprocessing.of(tmp, CropRecipe.DEFAULT)).isSameAs(CropRecipe.DEFAULT);
        assertThat(CropRecipe.DEFAULT.frameStep()).isEqualTo(3);
        assertThat(CropRecipe.DEFAULT.detector()).isEqualTo("haar");
        assertThat(CropRecipe.DEFAULT.cropSize(112)).isEqualTo(112);
        // A config.json written before the preprocessing section existed.
        String old = Json.mapper().writeValueAsString(ModelConfig.cpuDefaults()).replaceAll(",\\s*\"preprocessing\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(old).doesNotContain("preprocessing");
        Files.writeString(tmp.resolve("config.json"), old);
        assertThat(ModelConfig.read(tmp.resolve("config.json")).preprocessing).isEqualTo(CropRecipe.DEFAULT);
    }

    @Test
    void anOldRunConfigKeepsItsTrainingSubsamplingUnderItsNewName() throws Exception {
        Files.writeString(tmp.resolve("run_config.json"), "{\"training\": {\"frame_step\": 3, \"epochs\": 2}}");
        TrainConfig t = RunConfig.read(tmp.resolve("run_config.json")).training;
        assertThat(t.cropStep).isEqualTo(3);
        assertThat(new TrainConfig().cropStep).as("the default does not thin the crops again").isEqualTo(1);
        assertThat(Json.mapper().writeValueAsString(t)).contains("\"crop_step\" : 3").doesNotContain("frame_step");
    }

    @Test
    void aDamagedSummaryIsNamed() throws Exception {
        Files.writeString(tmp.resolve(PreprocessRun.SUMMARY), "{\"settings\": {\"size\": \"big\"}}");
        assertThatThrownBy(() -> DatasetPreprocessing.of(tmp, CropRecipe.DEFAULT))
                .isInstanceOf(PlegdfException.class)
                .hasMessageContaining(PreprocessRun.SUMMARY)
                .extracting(e -> ((PlegdfException) e).exitCode()).isEqualTo(ExitCodes.BAD_DATASET);
        ModelConfig c = ModelConfig.cpuDefaults();
        c.preprocessing = new CropRecipe(0, "haar", 0.15, 0, CropRecipe.EYES, 0, null);
        assertThatThrownBy(c::validate).hasMessageContaining("preprocessing.frame_step");
    }
}
