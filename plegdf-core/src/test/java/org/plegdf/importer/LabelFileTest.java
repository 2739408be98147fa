package org.plegdf.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** AVEC label files as different tools saved them: what is accepted and what is refused, with file and line. */
class LabelFileTest {
    @TempDir Path tmp;

    private Path file(String content) throws Exception {
        Path f = tmp.resolve("203_1_Depression.csv");
        Files.writeString(f, content.replace("\\n", "\n").replace("\\r", "\r").replace("BOM", "\uFEFF"), StandardCharsets.UTF_8);
        return f;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "23|23|1",
        "23\\n|23|1",
        "BOM23|23|1",
        " 23 \\r\\n|23|1",
        "\\n\\n23\\n\\n|23|3",
        "BDI-II\\n23|23|2",
        "BOMDepression\\r\\n23\\r\\n|23|2",
        "'\"23\",'|23|1",
        "23.5|23.5|1",
        "0|0|1",
        "63|63|1",
        "2.3e1|23|1"})
    void acceptsOneScoreHoweverItWasSaved(String content, double score, int line) throws Exception {
        LabelFile.Score s = LabelFile.read(file(content), RatingScale.bdi2());
        assertThat(s.value()).isEqualTo(score);
        assertThat(s.line()).isEqualTo(line);
    }

    @Test
    void readsUtf16WithAByteOrderMark() throws Exception {
        Path f = tmp.resolve("203_1_Depression.csv");
        Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xFE, '1', 0, '2', 0, '\r', 0, '\n', 0});
        assertThat(LabelFile.read(f, RatingScale.bdi2()).value()).isEqualTo(12);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc\\ndef\\n23|line 2: 'def' is not a score",
        "BDI\\nabc|line 2: 'abc' is not a score (a label file holds one BDI-II score, a single number such as 23)",
        "23\\n24|line 2: '24' after the score on line 1 (a label file holds one BDI-II score)",
        "23,24|line 1: '23,24' is not a score",
        "23;abc|line 1: '23;abc' is not a score",
        "twenty-three|no score (a label file holds one BDI-II score, a single number such as 23)",
        "''|no score",
        "64|line 1: score 64 is outside BDI-II (0-63; --scale or --scale-max sets the scale)",
        "-1|line 1: score -1 is outside BDI-II (0-63",
        "NaN|no score"})
    void refusesAnythingElseNamingFileAndLine(String content, String problem) throws Exception {
        Path f = file(content);
        assertThatThrownBy(() -> LabelFile.read(f, RatingScale.bdi2()))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_DATASET))
                .hasMessageStartingWith(f + (problem.startsWith("line") ? " " : ": ") + problem);
    }

    @Test
    void checksTheScaleItIsGiven() throws Exception {
        Path f = file("25");
        assertThatThrownBy(() -> LabelFile.read(f, RatingScale.phq8()))
                .hasMessage(f + " line 1: score 25 is outside PHQ-8 (0-24; --scale or --scale-max sets the scale)");
    }

    @Test
    void refusesAFileTooBigToBeALabel() throws Exception {
        Path f = tmp.resolve("203_1_Depression.csv");
        Files.write(f, new byte[100_000]);
        assertThatThrownBy(() -> LabelFile.read(f, RatingScale.bdi2())).hasMessage(f + ": 100000 bytes, too large for a label file (one BDI-II score)");
    }
}
