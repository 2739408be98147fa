package org.plegdf.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

class VideoInputsTest {
    @TempDir Path dir;

    @Test
    void manifestPathsAreRelativeToItsFolder() throws Exception {
        Files.writeString(dir.resolve("m.csv"), "video_id,subject_id,split,bdi,path\n203_1,203,train,12,videos/203_1.mp4\n");
        List<VideoJob> jobs = VideoInputs.resolve(dir.resolve("m.csv"));
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).id()).isEqualTo("203_1");
        assertThat(jobs.get(0).video()).isEqualTo(dir.toAbsolutePath().resolve("videos/203_1.mp4"));
    }

    @Test
    void wrongHeaderIsOneLineNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("m.csv"), "id,subject,split,bdi,path\nx,1,train,1,a.mp4\n");
        assertThatThrownBy(() -> VideoInputs.resolve(dir.resolve("m.csv")))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_DATASET))
                .hasMessageContaining("m.csv: header must be exactly video_id,subject_id,split,bdi,path");
    }

    @Test
    void unsafeOrDuplicateIdsAreRejected() throws Exception {
        Files.writeString(dir.resolve("m.csv"), "video_id,subject_id,split,bdi,path\n../x,1,train,1,a.mp4\n");
        assertThatThrownBy(() -> VideoInputs.resolve(dir.resolve("m.csv"))).hasMessageContaining("line 2").hasMessageContaining("'../x'");
        Files.writeString(dir.resolve("m.csv"), "video_id,subject_id,split,bdi,path\na,1,train,1,a.mp4\na,1,train,1,b.mp4\n");
        assertThatThrownBy(() -> VideoInputs.resolve(dir.resolve("m.csv"))).hasMessageContaining("appears twice");
    }

    @Test
    void folderTakesVideosOnlyAndRefusesNameClashes() throws Exception {
        Files.write(dir.resolve("b.avi"), new byte[1]);
        Files.write(dir.resolve("a.MP4"), new byte[1]);
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertThat(VideoInputs.resolve(dir)).extracting(VideoJob::id).containsExactly("a", "b");
        Files.write(dir.resolve("a.avi"), new byte[1]);
        assertThatThrownBy(() -> VideoInputs.resolve(dir)).hasMessageContaining("same name");
    }

    @Test
    void missingInputIsBadDataset() {
        assertThatThrownBy(() -> VideoInputs.resolve(dir.resolve("nope.mp4")))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_DATASET));
    }
}
