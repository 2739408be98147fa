package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

class ModelConfigTest {
    @TempDir Path tmp;

    @Test
    void roundTripsThroughJson() {
        ModelConfig c = new ModelConfig();
        c.backbone = "resnet34";
        c.ablation = Ablation.NO_FGLSCF;
        c.scale = RatingScale.phq8();
        Json.write(tmp.resolve("c.json"), c);
        ModelConfig back = ModelConfig.read(tmp.resolve("c.json"));
        assertThat(back).usingRecursiveComparison().isEqualTo(c);
    }

    @Test
    void badValuesAreNamed() throws Exception {
        ModelConfig c = new ModelConfig();
        c.dim = 100;
        c.heads = 8;
        assertThatThrownBy(c::validate).isInstanceOf(PlegdfException.class).hasMessageContaining("divisible by heads");
        Files.writeString(tmp.resolve("bad.json"), "{\"backbone\": \"resnet99\"}");
        assertThatThrownBy(() -> ModelConfig.read(tmp.resolve("bad.json")))
                .hasMessageContaining("bad.json").hasMessageContaining("unknown backbone 'resnet99'");
        Files.writeString(tmp.resolve("typo.json"), "{\"dimm\": 3}");
        assertThatThrownBy(() -> ModelConfig.read(tmp.resolve("typo.json"))).hasMessageContaining("typo.json");
        ModelConfig r = new ModelConfig();
        r.inputSize = 64;
        r.regions = 5; // C3 is 4x4 at 64 px
        assertThatThrownBy(r::validate).hasMessageContaining("regions must be in [1, 4]");
    }

    @Test
    void bdiBandsFollowTheSpec() {
        RatingScale s = RatingScale.bdi2();
        assertThat(s.bandOf(0)).isEqualTo("minimal");
        assertThat(s.bandOf(13.4)).isEqualTo("minimal");
        assertThat(s.bandOf(13.6)).isEqualTo("mild");
        assertThat(s.bandOf(19)).isEqualTo("mild");
        assertThat(s.bandOf(20)).isEqualTo("moderate");
        assertThat(s.bandOf(28)).isEqualTo("moderate");
        assertThat(s.bandOf(29)).isEqualTo("severe");
        assertThat(s.bandOf(70)).isEqualTo("severe");
        for (String n : new String[] {"BDI-II", "PHQ-8", "PHQ-9", "HAM-D"}) {
            RatingScale.byName(n).validate();
        }
    }
}
