package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;

/** {@code plegdf faces} on the fixture photos. */
class FacesCommandTest {
    private static final Path FACES = Path.of(System.getProperty("plegdf.fixtures", "../../shared/fixtures"), "faces");

    @Test
    void jsonOnAGivenBoxIsDlibsOwnPoints() throws Exception {
        // 2007_007763.jpg's first box in training_with_face_landmarks.xml: top 90, left 194, 37 x 37;
        // dlib put point 0 at (201, 107), 8 at (213, 129), 36 at (204, 105) on it.
        CliRunner.Result r = CliRunner.run("faces", FACES.resolve("2007_007763.jpg").toString(), "--box", "194,90,37,37", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(1);
        JsonNode face = all.get(0).get("faces").get(0);
        assertThat(face.get("box").toString()).isEqualTo("[194.0,90.0,37.0,37.0]");
        assertThat(face.get("score").isNull()).isTrue();
        JsonNode lm = face.get("landmarks");
        assertThat(lm).hasSize(68);
        assertThat(Math.round(lm.get(0).get(0).asDouble())).isEqualTo(201);
        assertThat(Math.round(lm.get(0).get(1).asDouble())).isEqualTo(107);
        assertThat(Math.round(lm.get(8).get(0).asDouble())).isEqualTo(213);
        assertThat(Math.round(lm.get(8).get(1).asDouble())).isEqualTo(129);
        assertThat(face.get("yaw").isNumber()).isTrue();
    }

    @Test
    void detectsTheLargeFaceWithItsPose() throws Exception {
        CliRunner.Result r = CliRunner.run("faces", FACES.resolve("Tom_Cruise_avp_2014_4.jpg").toString(), FACES.resolve("dogs.jpg").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertThat(all).hasSize(2);
        JsonNode faces = all.get(0).get("faces");
        assertThat(faces).hasSize(1);
        JsonNode f = faces.get(0);
        assertThat(f.get("score").asDouble()).isGreaterThan(0.9);
        // The eyes are tilted 5.7 degrees (FaceFixtures.TOM_CRUISE_EYES); he faces the camera.
        assertThat(f.get("roll").asDouble()).isBetween(2.0, 9.0);
        assertThat(Math.abs(f.get("yaw").asDouble())).isLessThan(15);
        JsonNode eye = f.get("landmarks").get(36);
        assertThat(eye.get(0).asDouble()).isBetween(140.0, 200.0);
        CliRunner.Result text = CliRunner.run("faces", FACES.resolve("Tom_Cruise_avp_2014_4.jpg").toString());
        assertThat(text.out()).contains("Tom_Cruise_avp_2014_4.jpg: 1 face").contains("face 1: box").contains("landmarks ");
    }

    @Test
    void badInputIsOneLineWithItsExitCode(@TempDir Path tmp) throws Exception {
        Path image = FACES.resolve("dogs.jpg");
        CliRunner.Result two = CliRunner.run("faces", image.toString(), image.toString(), "--box", "1,1,30,30");
        assertThat(two.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRunner.run("faces", image.toString(), "--box", "1,2,3").code()).isEqualTo(ExitCodes.USAGE);
        Path cut = Files.write(tmp.resolve("cut.dat"), new byte[] {1, 1, (byte) 0x81});
        CliRunner.Result bad = CliRunner.run("faces", image.toString(), "--landmarks", cut.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.BAD_MODEL);
        assertThat(bad.err().strip()).startsWith("plegdf: error: " + cut + ": ").doesNotContain("\n").contains("truncated");
        CliRunner.Result missing = CliRunner.run("faces", tmp.resolve("none.jpg").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_IMAGE);
    }
}
