package org.plegdf.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** The cohort's videos from a folder or a manifest, and the inputs refused before any Spark job starts. */
class VideoInputsTest {
    @TempDir Path tmp;

    @Test
    void aFolderGivesEveryVideoBelowItWithItsRelativePathAsId() throws Exception {
        Files.createDirectories(tmp.resolve("a/b"));
        Files.createDirectories(tmp.resolve(".cache"));
        for (String f : new String[] {"x.MP4", "a/b/y.mkv", "notes.txt", ".hidden.mp4", ".cache/z.mp4"}) {
            Files.writeString(tmp.resolve(f), "");
        }
        assertThat(VideoInputs.read(tmp)).extracting(CohortVideo::videoId).containsExactly("a/b/y", "x");
    }

    @Test
    void refusesTwoVideosWithOneIdAnEmptyFolderAndAManifestWithoutPaths() throws Exception {
        Files.writeString(tmp.resolve("s1.mp4"), "");
        Files.writeString(tmp.resolve("s1.avi"), "");
        assertThatThrownBy(() -> VideoInputs.read(tmp)).isInstanceOf(PlegdfException.class).hasMessageContaining("video_id s1")
                .extracting(e -> ((PlegdfException) e).exitCode()).isEqualTo(ExitCodes.USAGE);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> VideoInputs.read(empty)).hasMessageContaining("no videos");
        Path csv = Files.writeString(tmp.resolve("m.csv"), "file\na.mp4\n");
        assertThatThrownBy(() -> VideoInputs.read(csv)).hasMessageContaining("no 'path' column");
        Path dup = Files.writeString(tmp.resolve("d.csv"), "video_id,path\nP1,a.mp4\nP1,b.mp4\n");
        assertThatThrownBy(() -> VideoInputs.read(dup)).hasMessageContaining("line 3: video_id P1 again (first on line 2)");
    }

    @Test
    void theChecksumNamesTheWeightsNotTheRunFolder() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run/model"));
        Files.writeString(run.resolve("config.json"), "{}");
        String before = ModelChecksum.of(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run/train.log"), "epoch 1");
        assertThat(ModelChecksum.of(tmp.resolve("run"))).isEqualTo(before).isEqualTo(ModelChecksum.of(run));
        Files.writeString(run.resolve("config.json"), "{ }");
        assertThat(ModelChecksum.of(run)).isNotEqualTo(before);
        assertThatThrownBy(() -> ModelChecksum.of(tmp.resolve("nope"))).hasMessageContaining("no such model");
    }
}
