package org.plegdf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plegdf.model.interop.DType;
import org.plegdf.model.interop.RawTensor;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header of
 * name to dtype / shape / byte offsets, then the raw little-endian data), the way weights travel
 * between plegdf and PyTorch. Floating tensors of any width (F16, BF16, F32, F64) read as float32;
 * integer tensors are kept for callers that want to skip them (num_batches_tracked).
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {}

    /**
     * One stored tensor.
     *
     * @param dtype the safetensors dtype (F32, F16, BF16, F64, I64, ...)
     * @param shape its shape
     * @param values float values (null for non-floating dtypes)
     */
    public record Tensor(String dtype, long[] shape, float[] values) {
        /** @return whether the values are floating point (loadable into a parameter) */
        public boolean isFloating() {
            return values != null;
        }

        /** @return shape as text, e.g. [64, 3, 7, 7] */
        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** The content of a file: tensors by name, in file order, and the free-form metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** The content of a file as stored: tensors by name, in file order, and the free-form metadata. */
    public record RawContents(Map<String, RawTensor> tensors, Map<String, String> metadata) {}

    /**
     * @param file a .safetensors file
     * @return its tensors (floating ones as float32) and metadata
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file when it is missing or malformed
     */
    public static Contents read(Path file) {
        RawContents raw = readRaw(file);
        return new Contents(floats(raw.tensors()), raw.metadata());
    }

    /**
     * @param tensors tensors as stored
     * @return them with floating values as float32 (non-floating ones keep no values)
     */
    public static Map<String, Tensor> floats(Map<String, RawTensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, new Tensor(t.dtype().name(), t.shape(), t.floats())));
        return out;
    }

    /**
     * @param file a .safetensors file
     * @return its tensors as stored, and its metadata
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file when it is missing or malformed
     */
    public static RawContents readRaw(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "too short to be a safetensors file (" + size + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw bad(file, "header length " + headerLen + " does not fit a file of " + size + " bytes (not safetensors, or truncated)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            JsonNode header;
            try {
                header = Json.mapper().readTree(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw bad(file, "header is not valid JSON");
            }
            if (!header.isObject()) {
                throw bad(file, "header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, RawTensor> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = header.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(e.getKey(), readTensor(file, ch, e.getKey(), e.getValue(), dataStart, dataLen));
            }
            return new RawContents(tensors, meta);
        } catch (NoSuchFileException e) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": file not found", e);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static RawTensor readTensor(Path file, FileChannel ch, String name, JsonNode info, long dataStart, long dataLen)
            throws IOException {
        String dtypeName = info.path("dtype").asText("");
        JsonNode shapeNode = info.path("shape");
        JsonNode offs = info.path("data_offsets");
        if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
            throw bad(file, "tensor '" + name + "' has no shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            count *= shape[i];
        }
        long begin = offs.get(0).asLong();
        long end = offs.get(1).asLong();
        DType dtype = DType.bySafetensorsName(dtypeName)
                .orElseThrow(() -> bad(file, "tensor '" + name + "' has unsupported dtype " + dtypeName));
        if (begin < 0 || end > dataLen || end - begin != count * dtype.width()) {
            throw bad(file, "tensor '" + name + "' data_offsets [" + begin + ", " + end + "] do not match its shape "
                    + Arrays.toString(shape) + " and dtype " + dtypeName + " (or the file is truncated)");
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(end - begin));
        readFully(ch, buf, dataStart + begin);
        return new RawTensor(dtype, shape, buf.array());
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }

    private static PlegdfException bad(Path file, String why) {
        return new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": " + why);
    }

    /**
     * Writes float tensors as F32, atomically (temp file, then rename).
     *
     * @param file destination
     * @param tensors name to tensor, written in this order
     * @param metadata free-form string metadata (may be empty)
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, RawTensor> raw = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (!t.isFloating()) {
                throw new IllegalArgumentException("only float tensors can be written: " + name);
            }
            raw.put(name, new RawTensor(DType.F32, t.shape(), DType.f32Bytes(t.values())));
        });
        writeRaw(file, raw, metadata);
    }

    /**
     * Writes tensors with their own dtypes, atomically (temp file, then rename).
     *
     * @param file destination
     * @param tensors name to tensor, written in this order
     * @param metadata free-form string metadata (may be empty)
     * @throws IOException when the file cannot be written
     */
    public static void writeRaw(Path file, Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = Json.mapper().createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, RawTensor> e : tensors.entrySet()) {
            RawTensor t = e.getValue();
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", t.dtype().name());
            n.putArray("shape").addAll(Arrays.stream(t.shape()).mapToObj(Json.mapper().getNodeFactory()::numberNode).toList());
            long len = t.data().length;
            n.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h = Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(header);
        int pad = (8 - h.length % 8) % 8; // the format pads the header with spaces to 8-byte alignment
        byte[] hp = Arrays.copyOf(h, h.length + pad);
        Arrays.fill(hp, h.length, hp.length, (byte) ' ');
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hp.length);
            out.write(len.array());
            out.write(hp);
            for (RawTensor t : tensors.values()) {
                out.write(t.data());
            }
        });
    }
}
