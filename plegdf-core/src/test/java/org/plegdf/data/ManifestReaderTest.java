package org.plegdf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

class ManifestReaderTest {
    private static final String HEADER = "video_id,subject_id,split,bdi,path\n";

    @TempDir Path dir;

    @BeforeEach
    void frames() throws IOException {
        // three frame folders, one video file, one empty folder, one stray file
        for (String v : List.of("a", "b", "c")) {
            Path f = Files.createDirectories(dir.resolve("frames/" + v));
            for (String name : List.of("f10.png", "f2.png", "f1.png")) {
                png(f.resolve(name));
            }
        }
        Files.write(dir.resolve("clip.mp4"), new byte[] {0});
        Files.createDirectories(dir.resolve("frames/empty"));
        Files.writeString(dir.resolve("notes.txt"), "x");
    }

    static void png(Path file) throws IOException {
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    private Path manifest(String body) throws IOException {
        Path m = dir.resolve("manifest.csv");
        Files.writeString(m, body, StandardCharsets.UTF_8);
        return m;
    }

    @Test
    void readsAValidManifestWithUnlabelledAndVideoRows() throws IOException {
        manifest(HEADER
                + "v1,S1,train,10,frames/a\n"
                + "\n"
                + "\"v2\",S2,train,20.5,frames/b\n"
                + "v3,S3,dev,0,frames/c\n"
                + "v4,S4,test,,clip.mp4\n");
        Manifest m = ManifestReader.read(dir);
        assertThat(m.records()).extracting(VideoRecord::videoId).containsExactly("v1", "v2", "v3", "v4");
        assertThat(m.split(Split.TRAIN)).hasSize(2);
        assertThat(m.labelled(Split.TEST)).isEmpty();
        assertThat(m.split(Split.TEST).get(0).isLabelled()).isFalse();
        assertThat(m.split(Split.TEST).get(0).needsPreprocessing()).isTrue();
        assertThat(m.needsPreprocessing()).isTrue();
        assertThat(m.trainMean()).isEqualTo(15.25);
        assertThat(m.subjects(Split.TRAIN)).containsExactly("S1", "S2");
        VideoRecord v1 = m.find("v1").orElseThrow();
        assertThat(v1.label()).isEqualTo(10.0);
        assertThat(m.frames(v1).frames()).extracting(p -> p.getFileName().toString())
                .containsExactly("f1.png", "f2.png", "f10.png");
        assertThat(v1.location()).isEqualTo(dir.toAbsolutePath().resolve("frames/a"));
        assertThat(m.summary()).isEqualTo("train 2 videos / 2 subjects, dev 1 videos / 1 subjects, "
                + "test 1 videos / 1 subjects (1 unlabelled, 1 need preprocessing)");
        VideoRecord v4 = m.find("v4").orElseThrow();
        assertThatThrownBy(v4::label).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.frames(v4)).isInstanceOf(PlegdfException.class)
                .hasMessageContaining("needs preprocessing");
    }

    @Test
    void acceptsAByteOrderMarkAndCrLf() throws IOException {
        manifest("\uFEFF" + HEADER.replace("\n", "\r\n") + "v1,S1,train,1,frames/a\r\n");
        assertThat(ManifestReader.read(dir.resolve("manifest.csv")).records()).hasSize(1);
    }

    static Stream<Arguments> badRows() {
        return Stream.of(
                Arguments.of("v1,S1,train,abc,frames/a", "line 2: bdi 'abc' is not a number"),
                Arguments.of("v1,S1,train,NaN,frames/a", "line 2: bdi 'NaN' is not a number"),
                Arguments.of("v1,S1,train,64,frames/a", "line 2: bdi 64 is outside the scale [0, 63]"),
                Arguments.of("v1,S1,train,-1,frames/a", "line 2: bdi -1 is outside the scale [0, 63]"),
                Arguments.of("v1,S1,training,3,frames/a", "line 2: split 'training' is not one of train, dev, test"),
                Arguments.of("v1,S1,train,3,frames/zzz", "line 2: path 'frames/zzz' does not exist"),
                Arguments.of("v1,S1,train,3,frames/empty", "line 2: frame folder 'frames/empty' has no images"),
                Arguments.of("v1,S1,train,3,notes.txt", "line 2: path 'notes.txt' is neither a frame folder nor a video file"),
                Arguments.of("v1,S1,train,3", "line 2: 4 fields, expected 5"),
                Arguments.of("v1,S1,train,3,frames/a,x", "line 2: 6 fields, expected 5"),
                Arguments.of(",S1,train,3,frames/a", "line 2: video_id is empty"),
                Arguments.of("v1,,train,3,frames/a", "line 2: subject_id is empty"),
                Arguments.of("v1,S1,train,3,", "line 2: path is empty"),
                Arguments.of("v1,S1,train,3,frames/a\nv1,S2,dev,4,frames/b", "line 3: duplicate video_id 'v1' (first on line 2)"),
                Arguments.of("v1,S1,train,3,frames/a\nv2,S2,dev,4,frames/b\n\nv3,S1,test,5,frames/c",
                        "line 5: subject 'S1' is in split test here but in train on line 2"),
                Arguments.of("v1,S1,train,3,\"frames/a", "malformed CSV"));
    }

    @ParameterizedTest
    @MethodSource("badRows")
    void rejectsABadRowWithItsLineNumber(String rows, String expected) throws IOException {
        Path m = manifest(HEADER + rows + "\n");
        assertThatThrownBy(() -> ManifestReader.read(dir))
                .isInstanceOfSatisfying(PlegdfException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_DATASET);
                    assertThat(e.getMessage()).startsWith(m.toString()).contains(expected).doesNotContain("\n");
                });
    }

    @Test
    void lineNumbersCountQuotedLineBreaks() throws IOException {
        manifest(HEADER + "\"v\n1\",S1,train,3,frames/a\nv2,S2,train,x,frames/b\n");
        assertThatThrownBy(() -> ManifestReader.read(dir)).hasMessageContaining("line 4: bdi 'x' is not a number");
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of("video_id,subject_id,split,path", "line 1: missing column 'bdi'"),
                Arguments.of("video_id,subject_id,split,bdi,path,age", "line 1: extra column 'age'"),
                Arguments.of("video_id,subject,split,bdi,path", "line 1: missing column 'subject_id'"),
                Arguments.of("subject_id,video_id,split,bdi,path", "are duplicated or out of order"));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void rejectsABadHeader(String header, String expected) throws IOException {
        manifest(header + "\nv1,S1,train,3,frames/a\n");
        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOf(PlegdfException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("the header must be exactly video_id,subject_id,split,bdi,path");
    }

    @Test
    void usesTheScaleMaximumItIsGiven() throws IOException {
        manifest(HEADER + "v1,S1,train,24,frames/a\nv2,S2,train,25,frames/b\n");
        assertThatThrownBy(() -> ManifestReader.read(dir, 24)).hasMessageContaining("line 3: bdi 25 is outside the scale [0, 24]");
        assertThat(ManifestReader.read(dir).records()).hasSize(2);
    }

    @Test
    void reportsAMissingOrEmptyManifest() throws IOException {
        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOfSatisfying(PlegdfException.class,
                e -> assertThat(e.getMessage()).contains("no manifest.csv"));
        manifest("");
        assertThatThrownBy(() -> ManifestReader.read(dir)).hasMessageContaining("empty file");
        manifest(HEADER);
        assertThatThrownBy(() -> ManifestReader.read(dir)).hasMessageContaining("no videos");
    }

    @Test
    void writerRoundTripsAndLeavesNoTemporaryFile() throws IOException {
        List<VideoRecord> records = List.of(
                VideoRecord.frames(dir, "v,1", "S1", Split.TRAIN, 12, "frames/a"),
                VideoRecord.frames(dir, "v2", "S2", Split.DEV, 7.5, "frames/b"),
                new VideoRecord("v3", "S3", Split.TEST, OptionalDouble.empty(), "clip.mp4", dir.resolve("clip.mp4"), MediaKind.VIDEO));
        Path file = ManifestWriter.write(dir, records);
        assertThat(Files.readString(file)).isEqualTo(HEADER
                + "\"v,1\",S1,train,12,frames/a\nv2,S2,dev,7.5,frames/b\nv3,S3,test,,clip.mp4\n");
        Manifest back = ManifestReader.read(dir);
        assertThat(back.records()).extracting(VideoRecord::videoId, VideoRecord::bdi, VideoRecord::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v,1", OptionalDouble.of(12), MediaKind.FRAMES),
                org.assertj.core.groups.Tuple.tuple("v2", OptionalDouble.of(7.5), MediaKind.FRAMES),
                org.assertj.core.groups.Tuple.tuple("v3", OptionalDouble.empty(), MediaKind.VIDEO));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
