package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** YuNet needs the user's ONNX file; plegdf ships none, so only its error paths are testable here. */
class YuNetFaceDetectorTest {
    @TempDir Path dir;

    @Test
    void missingModelIsOneClearLine() {
        Path model = dir.resolve("face_detection_yunet_2023mar.onnx");
        assertThatThrownBy(() -> new YuNetFaceDetector(model, 0.15))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_MODEL))
                .hasMessage(model + ": YuNet model file not found");
    }

    @Test
    void notAnOnnxFileIsBadModel() throws Exception {
        Path model = dir.resolve("fake.onnx");
        Files.writeString(model, "not a network");
        assertThatThrownBy(() -> new YuNetFaceDetector(model, 0.15))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_MODEL))
                .hasMessageStartingWith(model + ": not a YuNet ONNX model")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void noModelGivenIsUsage() {
        assertThatThrownBy(() -> new FaceSettings(DetectorKind.YUNET, null, 224, 0.15).newDetector())
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
