package org.plegdf.model.interop;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.plegdf.model.interop.RestrictedUnpickler.Tuple;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The only Python globals {@link RestrictedUnpickler} knows, and what each builds: {@code
 * collections.OrderedDict} an empty dict, {@code torch._utils._rebuild_tensor_v2} (and {@code
 * _rebuild_tensor}, its form in files of PyTorch &lt; 0.4) a {@link TensorView} checked against its
 * storage, {@code _rebuild_parameter} its tensor, and the torch storage types, inside persistent
 * ids, a {@link Storage}. Nothing else is allowed, and nothing is ever called.
 */
final class TorchGlobals {
    private static final Set<String> CALLABLES = Set.of(
            "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_parameter");

    /** A global the pickle named; only allowed ones are ever created. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /**
     * A storage the pickle refers to by persistent id.
     *
     * @param key its key (the zip entry {@code data/KEY}, or a legacy file's storage key)
     * @param dtype its element type
     * @param numel its element count, as the pickle claims (checked against the file later)
     */
    record Storage(String key, DType dtype, long numel) {}

    /**
     * A tensor: a strided view of a storage.
     *
     * @param storage the storage
     * @param offset its first element's index in the storage
     * @param shape its shape
     * @param stride elements between neighbours along each dimension
     */
    record TensorView(Storage storage, long offset, long[] shape, long[] stride) {}

    /** A slice of a storage (legacy files may name a view of a storage). */
    record StorageSlice(Storage storage, long offset, long size) {}

    private final String file;
    private final LongSupplier position;
    private final Map<String, Storage> storageByKey = new LinkedHashMap<>();

    /**
     * @param file the file's name, for messages
     * @param position where the pickle is, for messages
     */
    TorchGlobals(String file, LongSupplier position) {
        this.file = file;
        this.position = position;
    }

    /** @return every storage the pickle referred to, by key */
    Map<String, Storage> storages() {
        return storageByKey;
    }

    /**
     * @param module a GLOBAL's module
     * @param name its name
     * @return it, when it is one of the allowed globals
     * @throws PlegdfException naming it otherwise
     */
    Global global(String module, String name) {
        String q = module + "." + name;
        boolean storage = module.equals("torch") && DType.byStorageClass(name).isPresent();
        if (!CALLABLES.contains(q) && !storage) {
            throw refused(q);
        }
        return new Global(module, name);
    }

    /** @return the error for a global that is not allowed */
    PlegdfException refused(String global) {
        String hint = global.startsWith("__torch__") ? " (a TorchScript file from torch.jit.save? save the state_dict with torch.save)"
                : " (save the state_dict rather than the object: torch.save(model.state_dict(), FILE))";
        return badNoPosition("refused to load: it names the Python global '" + global + "'; plegdf builds only tensors, dicts, "
                + "lists, tuples, strings and numbers from a pickle and never runs code from it" + hint);
    }

    /**
     * REDUCE: calls an allowed global, which here only ever builds data.
     *
     * @param callable what the pickle calls
     * @param args its arguments
     * @return an empty dict (OrderedDict), or a {@link TensorView}
     */
    Object call(Object callable, Object args) {
        if (!(callable instanceof Global g) || !(args instanceof Tuple a)) {
            throw bad("malformed pickle: REDUCE of a " + RestrictedUnpickler.typeName(callable));
        }
        return switch (g.qualified()) {
            case "collections.OrderedDict" -> orderedDict(a);
            // _rebuild_tensor: the same arguments less requires_grad and hooks, in files of PyTorch < 0.4
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> rebuildTensor(a);
            case "torch._utils._rebuild_parameter" -> {
                if (a.size() < 1 || !(a.get(0) instanceof TensorView)) {
                    throw bad("_rebuild_parameter without a tensor");
                }
                yield a.get(0);
            }
            default -> throw bad("refused to call '" + g.qualified() + "' (a storage type is only read as a persistent id)");
        };
    }

    /** OrderedDict's __reduce__ gives no arguments; its items follow as SETITEMS. */
    private Map<Object, Object> orderedDict(Tuple a) {
        if (a.size() != 0) {
            throw bad("OrderedDict with arguments (its items come as SETITEMS)");
        }
        return new LinkedHashMap<>();
    }

    private TensorView rebuildTensor(Tuple a) {
        if (a.size() < 4 || !(a.get(0) instanceof StorageSlice s) || !(a.get(1) instanceof Long offset)) {
            throw bad("_rebuild_tensor_v2 with unexpected arguments");
        }
        long[] shape = longs(a.get(2));
        long[] stride = longs(a.get(3));
        if (shape.length != stride.length) {
            throw bad("a tensor with " + shape.length + " sizes but " + stride.length + " strides");
        }
        long last = TensorGather.lastElement(offset, shape, stride);
        if (TensorGather.count(shape) > s.size()) {
            // a stride-0 view could otherwise expand one stored value into gigabytes
            throw bad("a tensor of shape " + Arrays.toString(shape) + " has more elements than its storage of " + s.size());
        }
        if (offset < 0 || last >= s.size()) {
            throw bad("a tensor of shape " + Arrays.toString(shape) + " (storage offset " + offset + ", strides "
                    + Arrays.toString(stride) + ") reaches beyond its storage of " + s.size() + " elements");
        }
        return new TensorView(s.storage(), s.offset() + offset, shape, stride);
    }

    private long[] longs(Object o) {
        if (!(o instanceof Tuple t)) {
            throw bad("a tensor size or stride that is not a tuple");
        }
        long[] v = new long[t.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(t.get(i) instanceof Long l) || l < 0) {
                throw bad("a tensor size or stride that is not a non-negative integer");
            }
            v[i] = l;
        }
        return v;
    }

    /**
     * BINPERSID: torch's reference to a storage, ('storage', type, key, location, numel) in the zip
     * format, with a sixth item in the legacy one (None, or a view (key, offset, size)).
     *
     * @param pid the persistent id
     * @return the storage, or the slice of it a legacy view names
     */
    StorageSlice persistentLoad(Object pid) {
        if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw bad("unexpected persistent id (only torch storages are read)");
        }
        if (!(t.get(1) instanceof Global g) || DType.byStorageClass(g.name()).isEmpty()) {
            throw bad("a storage of unknown type");
        }
        DType dtype = DType.byStorageClass(g.name()).orElseThrow();
        Object key = t.get(2);
        if (!(key instanceof String) || !(t.get(4) instanceof Long numel) || numel < 0) {
            throw bad("a storage with a malformed key or size");
        }
        Storage storage = new Storage((String) key, dtype, numel);
        Storage before = storageByKey.putIfAbsent(storage.key(), storage);
        if (before != null && !before.equals(storage)) {
            throw bad("storage '" + key + "' is declared twice, as " + before.numel() + " " + before.dtype() + " and as "
                    + numel + " " + dtype + " elements");
        }
        if (t.size() > 5 && t.get(5) instanceof Tuple view) {
            // a legacy view: (view key, offset, size) into the root storage
            long off = (Long) view.get(1);
            long size = (Long) view.get(2);
            if (off < 0 || size < 0 || off + size > numel) {
                throw bad("a storage view [" + off + ", " + (off + size) + ") beyond its storage of " + numel + " elements");
            }
            return new StorageSlice(storage, off, size);
        }
        return new StorageSlice(storage, 0, numel);
    }

    private PlegdfException bad(String why) {
        return new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": " + why + " (pickle byte " + position.getAsLong() + ")");
    }

    private PlegdfException badNoPosition(String why) {
        return new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": " + why);
    }
}
