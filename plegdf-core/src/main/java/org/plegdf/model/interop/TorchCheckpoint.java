package org.plegdf.model.interop;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.plegdf.model.interop.TorchGlobals.Storage;
import org.plegdf.model.interop.TorchGlobals.TensorView;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Reads the state_dict of a {@code torch.save} file without Python, in either format: the zip
 * archive ({@code NAME/data.pkl} and {@code NAME/data/KEY} storages, PyTorch 1.6 and later) or the
 * legacy stream (pickled magic number, protocol version and system information, the pickled
 * object, the pickled list of storage keys, then each storage as an int64 element count and its
 * raw bytes). Pickles go through {@link RestrictedUnpickler}; storage sizes are checked against
 * the bytes really in the file before anything is allocated.
 */
public final class TorchCheckpoint {
    /** The largest single storage read (a Java array's limit). */
    static final long MAX_STORAGE_BYTES = Integer.MAX_VALUE - 8;
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;
    private static final int BUFFER = 1 << 16;

    private TorchCheckpoint() {}

    /**
     * The bytes a file may make us allocate: what it stores (more only through compression) plus
     * copies of views. A hostile file cannot claim more than it holds, nor expand its views (a
     * thousand names for slices of one large storage) or a zip bomb into gigabytes.
     */
    private static final class Budget {
        private final Path file;
        private final long limit;
        private long used;

        Budget(Path file, long fileSize) {
            this.file = file;
            this.limit = 8 * fileSize + (16L << 20);
        }

        void take(long bytes, String what) {
            used += bytes;
            if (used > limit) {
                throw bad(file, what + " would bring the bytes read to " + used + ", more than " + limit
                        + " for a file of this size (a zip bomb, or views that multiply one storage): refused");
            }
        }
    }

    /**
     * A state_dict read.
     *
     * @param tensors name to tensor, in file order
     * @param where where in the file it was (see {@link StateDictLocator.Found#where()})
     */
    public record Contents(Map<String, RawTensor> tensors, String where) {}

    /**
     * @param file a torch.save file (either format, any name)
     * @return its state_dict
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) with one line naming the file and the
     *     problem: a refused global, a truncated or damaged file, a storage shorter than its tensors,
     *     no state_dict
     */
    public static Contents read(Path file) {
        WeightsFormat format = WeightsFormat.of(file);
        try {
            return switch (format) {
                case TORCH_ZIP -> readZip(file);
                case TORCH_LEGACY -> readLegacy(file);
                case SAFETENSORS -> throw bad(file, "is a safetensors file, not a torch.save file");
            };
        } catch (NoSuchFileException e) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": file not found", e);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": cannot read (" + format.description() + "): " + e.getMessage(), e);
        }
    }

    private static Contents readZip(Path file) throws IOException {
        long fileSize = Files.size(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": not a complete zip archive (truncated or damaged: "
                    + e.getMessage() + ")", e);
        }
        try (zip) {
            ZipEntry pkl = dataPkl(zip, file);
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            checkByteOrder(zip, prefix, file);
            RestrictedUnpickler.Result pickle;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl), BUFFER)) {
                pickle = RestrictedUnpickler.load(new PickleInput(in, entrySize(pkl, fileSize, file)), file.toString(), true);
            }
            StateDictLocator.Found<TensorView> found = StateDictLocator.locate(pickle.value(), TensorView.class, file.toString());
            Map<String, byte[]> storages = new HashMap<>();
            Map<String, RawTensor> out = new LinkedHashMap<>();
            Budget budget = new Budget(file, fileSize);
            for (Map.Entry<String, TensorView> e : found.tensors().entrySet()) {
                Storage s = e.getValue().storage();
                byte[] data = storages.get(s.key());
                if (data == null) {
                    data = zipStorage(zip, prefix, s, fileSize, budget);
                    storages.put(s.key(), data);
                }
                out.put(e.getKey(), tensor(e.getKey(), e.getValue(), data, budget));
            }
            return new Contents(out, found.where());
        }
    }

    /** The archive's data.pkl, in whatever folder torch.save named (the file's stem, "archive", ...). */
    private static ZipEntry dataPkl(ZipFile zip, Path file) {
        ZipEntry best = null;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            String n = e.getName();
            boolean top = n.equals("data.pkl") || (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length());
            if (top && (best == null || n.length() < best.getName().length())) {
                best = e;
            }
        }
        if (best == null) {
            throw bad(file, "a zip archive without data.pkl: not a torch.save file");
        }
        return best;
    }

    private static void checkByteOrder(ZipFile zip, String prefix, Path file) throws IOException {
        ZipEntry order = zip.getEntry(prefix + "byteorder");
        if (order != null && order.getSize() < 16) {
            try (InputStream in = zip.getInputStream(order)) {
                String o = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
                if (!o.equals("little")) {
                    throw bad(file, "saved on a " + o + "-endian machine; plegdf reads little-endian files only");
                }
            }
        }
    }

    /** An entry's size, checked against the file: stored data cannot be larger than the file, deflated not beyond deflate's ratio. */
    private static long entrySize(ZipEntry e, long fileSize, Path file) {
        long size = e.getSize();
        long bound = e.getMethod() == ZipEntry.STORED ? fileSize : Math.min(MAX_STORAGE_BYTES, 1032L * Math.max(e.getCompressedSize(), 0));
        if (size < 0 || size > bound) {
            throw bad(file, "zip entry " + e.getName() + " claims " + size + " bytes, more than the " + fileSize
                    + "-byte file can hold (truncated or damaged)");
        }
        return size;
    }

    private static byte[] zipStorage(ZipFile zip, String prefix, Storage s, long fileSize, Budget budget) throws IOException {
        Path file = budget.file;
        String name = prefix + "data/" + s.key();
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw bad(file, "storage " + name + " is missing from the archive");
        }
        long want = storageBytes(s);
        long have = entrySize(e, fileSize, file);
        if (have < want) {
            throw bad(file, "storage " + name + " holds " + have + " bytes but the pickle claims " + s.numel() + " " + s.dtype()
                    + " elements (" + want + " bytes): truncated or damaged");
        }
        checkReadable(s, file);
        budget.take(want, "storage " + name);
        try (InputStream in = zip.getInputStream(e)) {
            return PickleInput.readFully(in, (int) want);
        } catch (java.io.EOFException x) {
            throw bad(file, "storage " + name + " is shorter than its " + want + " bytes: truncated or damaged");
        }
    }

    private static Contents readLegacy(Path file) throws IOException {
        String name = file.toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            PickleInput in = new PickleInput(raw, Files.size(file));
            Object magic = RestrictedUnpickler.load(in, name, false).value();
            if (!MAGIC.equals(magic)) {
                throw bad(file, "a pickle, but not a torch.save file (no torch magic number at the start)");
            }
            Object protocol = RestrictedUnpickler.load(in, name, false).value();
            if (!Long.valueOf(PROTOCOL_VERSION).equals(protocol)) {
                throw bad(file, "torch.save protocol version " + protocol + ", plegdf reads " + PROTOCOL_VERSION);
            }
            if (RestrictedUnpickler.load(in, name, false).value() instanceof Map<?, ?> sys
                    && Boolean.FALSE.equals(sys.get("little_endian"))) {
                throw bad(file, "saved on a big-endian machine; plegdf reads little-endian files only");
            }
            RestrictedUnpickler.Result pickle = RestrictedUnpickler.load(in, name, true);
            Object keys = RestrictedUnpickler.load(in, name, false).value();
            StateDictLocator.Found<TensorView> found = StateDictLocator.locate(pickle.value(), TensorView.class, name);
            Map<String, byte[]> needed = new HashMap<>();
            found.tensors().values().forEach(v -> needed.put(v.storage().key(), null));
            if (!(keys instanceof List<?> list)) {
                throw bad(file, "the storage key list after the object is missing or malformed");
            }
            for (Object k : list) {
                Storage s = pickle.storages().get(String.valueOf(k));
                if (s == null) {
                    throw bad(file, "the file stores storage '" + k + "', which the pickle never refers to: damaged");
                }
                long numel = in.readLe(8);
                if (numel != s.numel()) {
                    throw bad(file, "storage '" + k + "' holds " + numel + " elements but the pickle claims " + s.numel() + ": damaged");
                }
                long bytes = storageBytes(s);
                if (bytes > in.remaining()) {
                    throw bad(file, "storage '" + k + "' claims " + numel + " " + s.dtype() + " elements (" + bytes + " bytes) but only "
                            + in.remaining() + " bytes remain: truncated or damaged");
                }
                checkReadable(s, file);
                if (needed.containsKey(s.key())) {
                    needed.put(s.key(), in.readBytes(bytes));
                } else {
                    in.skip(bytes);
                }
            }
            Map<String, RawTensor> out = new LinkedHashMap<>();
            Budget budget = new Budget(file, Files.size(file));
            for (Map.Entry<String, TensorView> e : found.tensors().entrySet()) {
                byte[] data = needed.get(e.getValue().storage().key());
                if (data == null) {
                    throw bad(file, "tensor '" + e.getKey() + "': its storage '" + e.getValue().storage().key() + "' is not in the file");
                }
                out.put(e.getKey(), tensor(e.getKey(), e.getValue(), data, budget));
            }
            return new Contents(out, found.where());
        } catch (java.io.EOFException e) {
            throw bad(file, "truncated: " + e.getMessage());
        }
    }

    /** @return a storage's claimed size in bytes (Long.MAX_VALUE when that overflows) */
    private static long storageBytes(Storage s) {
        return s.numel() > Long.MAX_VALUE / s.dtype().width() ? Long.MAX_VALUE : s.numel() * s.dtype().width();
    }

    /** A storage the file really holds may still be too large for one Java array. */
    private static void checkReadable(Storage s, Path file) {
        if (storageBytes(s) > MAX_STORAGE_BYTES) {
            throw bad(file, "storage '" + s.key() + "' claims " + s.numel() + " " + s.dtype() + " elements, more than the "
                    + MAX_STORAGE_BYTES + " bytes plegdf reads per storage: refused");
        }
    }

    /** A tensor's extent was checked against its storage's claimed size when unpickled; the bytes read are that size. */
    private static RawTensor tensor(String name, TensorView v, byte[] storage, Budget budget) {
        int w = v.storage().dtype().width();
        byte[] data = TensorGather.gather(storage, w, v.offset(), v.shape(), v.stride());
        if (data != storage) {
            budget.take(data.length, "tensor '" + name + "'");
        }
        return new RawTensor(v.storage().dtype(), v.shape(), data);
    }

    private static PlegdfException bad(Path file, String why) {
        return new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": " + why);
    }
}
