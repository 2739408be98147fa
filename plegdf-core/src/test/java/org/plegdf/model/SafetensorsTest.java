package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir Path tmp;

    @Test
    void writesAndReadsFloatTensorsWithMetadata() throws Exception {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        t.put("a.weight", new Safetensors.Tensor("F32", new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-7f, 6}));
        t.put("b", new Safetensors.Tensor("F32", new long[] {1}, new float[] {42}));
        Path f = tmp.resolve("x.safetensors");
        Safetensors.write(f, t, Map.of("format", "plegdf"));
        Safetensors.Contents c = Safetensors.read(f);
        assertThat(c.metadata()).containsEntry("format", "plegdf");
        assertThat(c.tensors().get("a.weight").shape()).containsExactly(2, 3);
        assertThat(c.tensors().get("a.weight").values()).containsExactly(1, -2, 3.5f, 0, 1e-7f, 6);
        assertThat(c.tensors().get("b").values()).containsExactly(42);
        // The format's header is 8-byte aligned and the data follows it directly.
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLen % 8).isZero();
        assertThat(Files.size(f)).isEqualTo(8 + headerLen + 4 * 7);
    }

    @Test
    void readsHalfPrecisionAndKeepsIntegersAsNonFloating() throws Exception {
        // Hand-built file: F16 [1.0, -2.0, 0.5, 65504] and I64 [7] (like num_batches_tracked).
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";
        byte[] hb = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + hb.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hb.length).put(hb);
        b.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x3800).putShort((short) 0x7bff);
        b.putLong(7);
        Path f = tmp.resolve("h.safetensors");
        Files.write(f, b.array());
        Safetensors.Contents c = Safetensors.read(f);
        assertThat(c.tensors().get("h").values()).containsExactly(1f, -2f, 0.5f, 65504f);
        assertThat(c.tensors().get("n").isFloating()).isFalse();
    }

    @Test
    void truncatedOrForeignFilesAreNamed() throws Exception {
        Path f = tmp.resolve("w.safetensors");
        Safetensors.write(f, Map.of("a", new Safetensors.Tensor("F32", new long[] {100}, new float[100])), Map.of());
        byte[] all = Files.readAllBytes(f);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 10));
        assertThatThrownBy(() -> Safetensors.read(cut)).hasMessageContaining("cut.safetensors").hasMessageContaining("truncated");
        Path txt = tmp.resolve("notes.safetensors");
        Files.writeString(txt, "this is not a weights file at all");
        assertThatThrownBy(() -> Safetensors.read(txt)).hasMessageContaining("notes.safetensors");
        assertThatThrownBy(() -> Safetensors.read(tmp.resolve("none.safetensors"))).hasMessageContaining("file not found");
    }
}
