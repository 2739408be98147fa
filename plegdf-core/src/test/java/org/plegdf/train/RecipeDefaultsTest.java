package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.store.RunFiles;
import org.plegdf.util.Json;

/** The recipe settings of issue 20: today's defaults, and run folders from before them. */
class RecipeDefaultsTest {
    @TempDir
    Path tmp;

    @Test
    void newRunsStartAtTheMeanWithAnAverageAndNoFlips() {
        for (TrainConfig t : new TrainConfig[] {new TrainConfig(), TrainConfig.cpuDemo()}) {
            assertThat(t.headBiasInit).isEqualTo("train_mean");
            assertThat(t.residualInit).isEqualTo("default");
            assertThat(t.weightEma).isEqualTo(0.99);
            assertThat(t.flip).isFalse();
        }
    }

    @Test
    void aRunFolderWrittenBeforeTheRecipeSettingsKeepsWhatItRanWith() throws Exception {
        RunConfig written = new RunConfig();
        written.training.flip = true;
        ObjectNode tree = Json.mapper().valueToTree(written);
        ObjectNode training = (ObjectNode) tree.get("training");
        training.remove("head_bias_init");
        training.remove("residual_init");
        training.remove("weight_ema");
        RunFiles run = new RunFiles(tmp);
        Files.writeString(run.runConfig(), Json.mapper().writeValueAsString(tree));

        TrainConfig read = RunConfig.of(run).training;
        assertThat(read.headBiasInit).isEqualTo("zero");
        assertThat(read.residualInit).isEqualTo("default");
        assertThat(read.weightEma).isZero();
        assertThat(read.flip).isTrue();
        // a folder that records the settings keeps them
        Files.writeString(run.runConfig(), Json.mapper().writeValueAsString(new RunConfig()));
        assertThat(RunConfig.of(run).training.weightEma).isEqualTo(0.99);
    }

    @Test
    void badValuesAreRefusedByName() {
        TrainConfig t = new TrainConfig();
        t.weightEma = 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(t::validate).hasMessageContaining("weight_ema");
        t = new TrainConfig();
        t.headBiasInit = "median";
        org.assertj.core.api.Assertions.assertThatThrownBy(t::validate).hasMessageContaining("head_bias_init");
        t = new TrainConfig();
        t.residualInit = "small";
        org.assertj.core.api.Assertions.assertThatThrownBy(t::validate).hasMessageContaining("residual_init");
    }
}
