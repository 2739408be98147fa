package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** YuNet needs the user's ONNX file; plegdf ships none: its error paths (measurements: {@link YuNetMeasurementTest}). */
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

    @Test
    void openCvImportErrorsBecomeTheirReason() {
        // The message OpenCV 4.11 gives for a YuNet export with dynamic input shapes (yunet_s_dynamic.onnx).
        String cv = "OpenCV(4.11.0) /home/runner/work/javacpp-presets/opencv-4.11.0/modules/dnn/src/onnx/onnx_importer.cpp:1058: "
                + "error: (-2:Unspecified error) in function 'handleNode'\n"
                + "> Node [Shape@ai.onnx]:(onnx_node!Shape_95) parse error: OpenCV(4.11.0) /home/runner/work/onnx_importer.cpp:2440: "
                + "error: (-215:Assertion failed) !isDynamicShape in function 'parseShape'\n> \n";
        String reason = YuNetFaceDetector.reason(new RuntimeException(cv));
        assertThat(reason).startsWith("Assertion failed: !isDynamicShape in function 'parseShape'")
                .contains("fixed-size").doesNotContain("/home").doesNotContain("\n");
        assertThat(YuNetFaceDetector.reason(new RuntimeException("\n> \nplain words\n"))).isEqualTo("plain words");
    }
}
