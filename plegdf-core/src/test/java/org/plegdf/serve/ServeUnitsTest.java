package org.plegdf.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.util.PlegdfException;

/** The service's checks on their own: settings, content sniffing, container structure, zip caps. */
class ServeUnitsTest {
    @TempDir Path dir;

    @Test
    void anyHostButLoopbackNeedsAToken() {
        assertThat(new ServeSettings("127.0.0.1", 0, null, 10, 1, 1, dir, Duration.ofDays(7), false).tokenRequired()).isFalse();
        assertThat(new ServeSettings("localhost", 0, null, 10, 1, 1, dir, Duration.ofDays(7), false).tokenRequired()).isFalse();
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 0, null, 10, 1, 1, dir, Duration.ofDays(7), false))
                .isInstanceOf(PlegdfException.class).hasMessageContaining("--token-file");
        assertThat(new ServeSettings("0.0.0.0", 0, "a-long-enough-token", 10, 1, 1, dir, Duration.ofDays(7), false).tokenRequired()).isTrue();
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 0, "short", 10, 1, 1, dir, Duration.ofDays(7), false))
                .hasMessageContaining("at least 16");
    }

    @Test
    void sizesAndDurationsParse() {
        assertThat(ServeSettings.parseBytes("2GB")).isEqualTo(2L << 30);
        assertThat(ServeSettings.parseBytes("500m")).isEqualTo(500L << 20);
        assertThat(ServeSettings.parseBytes("1.5 GiB")).isEqualTo(3L << 29);
        assertThat(ServeSettings.parseBytes("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> ServeSettings.parseBytes("lots")).hasMessageContaining("not a size");
        assertThat(ServeSettings.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ServeSettings.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(ServeSettings.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
        assertThatThrownBy(() -> ServeSettings.parseDuration("forever")).hasMessageContaining("not a duration");
    }

    @Test
    void kindsAreToldByTheirBytes() throws Exception {
        assertThat(UploadKind.sniff(head(PredictFixtures.tomPhoto()))).contains(UploadKind.JPEG);
        assertThat(UploadKind.sniff(bytes(0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'q', 't', ' ', ' '))).contains(UploadKind.MP4);
        assertThat(UploadKind.sniff(bytes(0, 0, 0, 8, 'w', 'i', 'd', 'e', 0, 0, 0, 0))).contains(UploadKind.MP4);
        assertThat(UploadKind.sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F))).contains(UploadKind.MATROSKA);
        assertThat(UploadKind.sniff("RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1))).contains(UploadKind.AVI);
        assertThat(UploadKind.sniff("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(UploadKind.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A))).contains(UploadKind.PNG);
        assertThat(UploadKind.sniff(bytes('P', 'K', 3, 4, 0))).contains(UploadKind.ZIP);
        assertThat(UploadKind.sniff("GIF89a......".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(UploadKind.sniff(new byte[0])).isEmpty();
    }

    @Test
    void aCutRiffChunkIsATruncatedVideo() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(108).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(1000).put("AVI ".getBytes(StandardCharsets.US_ASCII));
        Path avi = Files.write(dir.resolve("cut.avi"), b.array());
        assertThatThrownBy(() -> ContainerCheck.check(avi, UploadKind.AVI)).isInstanceOf(Refusal.class)
                .hasMessageContaining("truncated").satisfies(e -> assertThat(((Refusal) e).status()).isEqualTo(422));
    }

    @Test
    void zipSlipNamesAreRefused() {
        for (String name : List.of("../x.png", "a/../../x.png", "/etc/x.png", "C:\\x.png", "a\\..\\..\\x.png")) {
            assertThatThrownBy(() -> FrameZip.checkName(name)).as(name).isInstanceOf(Refusal.class)
                    .satisfies(e -> assertThat(((Refusal) e).status()).isEqualTo(400));
        }
        FrameZip.checkName("faces/frame..1.png");
    }

    @Test
    void zipBombsStopAtTheCaps() throws Exception {
        // 64 MiB of one PNG-headed run of zeros compresses to about 64 KiB: inflated bytes are counted, not trusted.
        Path bomb = dir.resolve("bomb.zip");
        try (OutputStream f = Files.newOutputStream(bomb);
                ZipOutputStream z = new ZipOutputStream(f)) {
            z.putNextEntry(new ZipEntry("0.png"));
            z.write(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        Path out = Files.createDirectory(dir.resolve("out"));
        assertThatThrownBy(() -> FrameZip.extract(bomb, out, new FrameZip.Limits(100, 1L << 30, 200)))
                .isInstanceOf(Refusal.class).hasMessageContaining("zip bomb")
                .satisfies(e -> assertThat(((Refusal) e).status()).isEqualTo(413));
        Path out2 = Files.createDirectory(dir.resolve("out2"));
        assertThatThrownBy(() -> FrameZip.extract(bomb, out2, new FrameZip.Limits(100, 8L << 20, 100_000)))
                .isInstanceOf(Refusal.class).satisfies(e -> assertThat(((Refusal) e).status()).isEqualTo(413));

        Path many = dir.resolve("many.zip");
        Files.write(many, Zips.of(List.of("1.jpg", "2.jpg", "3.jpg", "4.jpg"), PredictFixtures.tomPhoto()));
        Path out3 = Files.createDirectory(dir.resolve("out3"));
        assertThatThrownBy(() -> FrameZip.extract(many, out3, new FrameZip.Limits(3, 1L << 30, 200)))
                .hasMessageContaining("4 entries");
        assertThat(FrameZip.extract(many, out3, new FrameZip.Limits(4, 1L << 30, 200))).isEqualTo(4);
        assertThat(out3.resolve("000003.jpg")).exists();
    }

    @Test
    void aZipWithoutFramesIsRefused() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("notes.txt"));
            z.write("no frames here".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Path zip = Files.write(dir.resolve("notes.zip"), b.toByteArray());
        Path out = Files.createDirectory(dir.resolve("none"));
        assertThatThrownBy(() -> FrameZip.extract(zip, out, FrameZip.Limits.forUpload(1 << 20))).hasMessageContaining("no face frames");
    }

    private static byte[] head(Path p) throws Exception {
        byte[] all = Files.readAllBytes(p);
        return java.util.Arrays.copyOf(all, UploadKind.SNIFF_BYTES);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
