package org.plegdf.model.interop;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * A pickle reader that builds data and nothing else. It understands the opcodes of protocols 0 to
 * 5 that make dicts, lists, tuples, strings, bytes, numbers, booleans and None, and of all Python
 * globals it knows only {@code collections.OrderedDict}, the tensor rebuilds {@code
 * torch._utils._rebuild_tensor_v2} (and its predecessor {@code _rebuild_tensor}) / {@code
 * _rebuild_parameter} and the torch storage types (as
 * persistent ids). Any other global ({@code os.system}, {@code builtins.eval}, a model class) stops
 * the load at once, naming it: nothing from the file is ever executed or instantiated. What those
 * globals build is {@link TorchGlobals}'; tensors come out as {@link TorchGlobals.TensorView}s,
 * references into storages that the caller reads.
 *
 * <p>Hostile files are bounded: the stack, the marks and the number of objects have limits, every
 * claimed length is checked against the bytes that remain before it is allocated, and the result's
 * nesting depth is checked (without recursion) before anyone walks it.
 */
public final class RestrictedUnpickler {
    static final int MAX_STACK = 100_000;
    static final int MAX_MARKS = 10_000;
    static final int MAX_OBJECTS = 5_000_000;
    static final int MAX_DEPTH = 100;
    private static final int MAX_INT_BYTES = 1024;

    /** An immutable Python tuple. */
    public record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    private final PickleInput in;
    private final String file;
    private final boolean storages;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final TorchGlobals torch;
    private long objects;

    private RestrictedUnpickler(PickleInput in, String file, boolean storages) {
        this.in = in;
        this.file = file;
        this.storages = storages;
        this.torch = new TorchGlobals(file, in::position);
    }

    /**
     * What a pickle held.
     *
     * @param value the object
     * @param storages every storage it refers to, by key
     */
    record Result(Object value, Map<String, TorchGlobals.Storage> storages) {}

    /**
     * Reads one pickle, up to and including its STOP.
     *
     * @param in the bytes
     * @param file the file's name, for messages
     * @param storages whether torch storages (persistent ids) may occur
     * @return the object (Map for dict and OrderedDict, List, {@link Tuple}, String, byte[], Long,
     *     BigInteger, Double, Boolean, null, {@link TorchGlobals.TensorView}) and its storages
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file: a refused global or
     *     opcode, a broken or truncated pickle, a limit reached
     */
    static Result load(PickleInput in, String file, boolean storages) {
        RestrictedUnpickler u = new RestrictedUnpickler(in, file, storages);
        Object result;
        try {
            result = u.run();
        } catch (IOException e) {
            throw u.bad("the pickle is truncated or damaged at byte " + in.position() + ": " + e.getMessage());
        } catch (ClassCastException | IndexOutOfBoundsException | NullPointerException | IllegalArgumentException e) {
            // IllegalArgumentException: a number that does not parse (NumberFormatException)
            throw u.bad("malformed pickle at byte " + in.position() + " (an opcode's arguments have the wrong type or form)");
        }
        PickleDepth.check(result, MAX_DEPTH, file);
        return new Result(result, u.torch.storages());
    }

    private Object run() throws IOException {
        while (true) {
            int op = in.readByte();
            switch (op) {
                case 0x80 -> in.readByte(); // PROTO
                case 0x95 -> in.readLe(8); // FRAME: a length hint only
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw bad("malformed pickle: STOP with " + stack.size() + " objects on the stack");
                    }
                    return stack.get(0);
                }
                case '(' -> mark();
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(top());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'I' -> push(textInt(in.readLine()));
                case 'L' -> push(textLong(in.readLine()));
                case 'J' -> push((long) (int) in.readLe(4));
                case 'K' -> push(in.readLe(1));
                case 'M' -> push(in.readLe(2));
                case 0x8a -> push(littleEndianInt(in.readLe(1)));
                case 0x8b -> push(littleEndianInt((int) in.readLe(4)));
                case 'F' -> push(Double.parseDouble(in.readLine().trim()));
                case 'G' -> push(ByteBuffer.wrap(in.readBytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'S' -> push(quotedString(in.readLine()));
                case 'T' -> push(latin1(in.readBytes(in.readLe(4))));
                case 'U' -> push(latin1(in.readBytes(in.readLe(1))));
                case 'V' -> push(in.readLine());
                case 'X' -> push(utf8(in.readBytes(in.readLe(4))));
                case 0x8c -> push(utf8(in.readBytes(in.readLe(1))));
                case 0x8d -> push(utf8(in.readBytes(in.readLe(8))));
                case 'B' -> push(in.readBytes(in.readLe(4)));
                case 'C' -> push(in.readBytes(in.readLe(1)));
                case 0x8e, 0x96 -> push(in.readBytes(in.readLe(8)));
                case ']' -> push(newList());
                case 'l' -> push(newList(popMark()));
                case 'a' -> {
                    Object v = pop();
                    list(top()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(top()).addAll(items);
                }
                case ')' -> push(newTuple(List.of()));
                case 't' -> push(newTuple(popMark()));
                case 0x85 -> push(newTuple(popN(1)));
                case 0x86 -> push(newTuple(popN(2)));
                case 0x87 -> push(newTuple(popN(3)));
                case '}' -> push(newDict());
                case 'd' -> {
                    Map<Object, Object> d = newDict();
                    putAll(d, popMark());
                    push(d);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    putAll(dict(top()), Arrays.asList(k, v));
                }
                case 'u' -> {
                    List<Object> kv = popMark();
                    putAll(dict(top()), kv);
                }
                case 'g' -> push(memoGet(Long.parseLong(in.readLine().trim())));
                case 'h' -> push(memoGet(in.readLe(1)));
                case 'j' -> push(memoGet(in.readLe(4)));
                case 'p' -> memoPut(Long.parseLong(in.readLine().trim()));
                case 'q' -> memoPut(in.readLe(1));
                case 'r' -> memoPut(in.readLe(4));
                case 0x94 -> memoPut(memo.size());
                case 'c' -> push(torch.global(in.readLine(), in.readLine()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    push(torch.global((String) module, (String) name));
                }
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    count();
                    push(torch.call(callable, args));
                }
                case 'b' -> build();
                case 'Q' -> {
                    if (!storages) {
                        throw bad("unexpected persistent id at byte " + in.position() + " (only torch storages are read, and only in the object)");
                    }
                    count();
                    push(torch.persistentLoad(pop()));
                }
                case 'i' -> throw torch.refused(in.readLine() + "." + in.readLine());
                default -> throw bad("refuses pickle opcode " + opcodeName(op) + " at byte " + (in.position() - 1)
                        + ": it is not needed for tensors, dicts, lists, tuples, strings or numbers");
            }
        }
    }

    private static String opcodeName(int op) {
        return switch (op) {
            case 'o' -> "OBJ (builds an object)";
            case 0x81 -> "NEWOBJ (builds an object)";
            case 0x92 -> "NEWOBJ_EX (builds an object)";
            case 0x82, 0x83, 0x84 -> "EXT (a registered global)";
            case 'P' -> "PERSID";
            case 0x8f, 0x90, 0x91 -> "for sets";
            case 0x97, 0x98 -> "for out-of-band buffers";
            default -> String.format("0x%02x", op);
        };
    }

    private void push(Object o) {
        if (stack.size() >= MAX_STACK) {
            throw bad("the pickle holds more than " + MAX_STACK + " objects at once on its stack (nested too deeply?): refused");
        }
        stack.add(o);
    }

    private Object pop() {
        if (stack.size() <= currentMark()) {
            throw bad("malformed pickle: the stack is empty at byte " + in.position());
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.size() <= currentMark()) {
            throw bad("malformed pickle: the stack is empty at byte " + in.position());
        }
        return stack.get(stack.size() - 1);
    }

    private int currentMark() {
        return marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    }

    private void mark() {
        if (marks.size() >= MAX_MARKS) {
            throw bad("the pickle nests more than " + MAX_MARKS + " marks: refused");
        }
        marks.add(stack.size());
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw bad("malformed pickle: no MARK at byte " + in.position());
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> tail = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return tail;
    }

    private List<Object> popN(int n) {
        List<Object> items = new ArrayList<>(Collections.nCopies(n, null));
        for (int i = n - 1; i >= 0; i--) {
            items.set(i, pop());
        }
        return items;
    }

    private void count() {
        if (++objects > MAX_OBJECTS) {
            throw bad("the pickle builds more than " + MAX_OBJECTS + " objects: refused");
        }
    }

    private List<Object> newList() {
        count();
        return new ArrayList<>();
    }

    private List<Object> newList(List<Object> items) {
        count();
        return items;
    }

    private Tuple newTuple(List<Object> items) {
        count();
        return new Tuple(Collections.unmodifiableList(items));
    }

    private Map<Object, Object> newDict() {
        count();
        return new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (!(o instanceof ArrayList)) {
            throw bad("malformed pickle: APPEND to a " + typeName(o) + " at byte " + in.position());
        }
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (!(o instanceof Map)) {
            throw bad("malformed pickle: SETITEM on a " + typeName(o) + " at byte " + in.position());
        }
        return (Map<Object, Object>) o;
    }

    /** Keys are plain values only, so hashing one never walks a (possibly deep) structure. */
    private void putAll(Map<Object, Object> d, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw bad("malformed pickle: SETITEMS with an odd number of items at byte " + in.position());
        }
        for (int i = 0; i < kv.size(); i += 2) {
            Object k = kv.get(i);
            boolean plain = isScalar(k) || (k instanceof Tuple t && t.items().stream().allMatch(RestrictedUnpickler::isScalar));
            if (!plain) {
                throw bad("unsupported dict key of type " + typeName(k) + " at byte " + in.position());
            }
            d.put(k, kv.get(i + 1));
        }
    }

    static boolean isScalar(Object o) {
        return o == null || o instanceof String || o instanceof Long || o instanceof BigInteger
                || o instanceof Double || o instanceof Boolean;
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw bad("malformed pickle: memo entry " + index + " is not defined (byte " + in.position() + ")");
        }
        return memo.get(index);
    }

    private void memoPut(long index) {
        count();
        memo.put(index, top());
    }

    private void build() {
        Object state = pop();
        Object target = top();
        // Only state_dict's _metadata (version numbers) or a tensor's empty state arrive here; it is
        // dropped: nothing is ever set on an object.
        if (!(target instanceof Map) && !(target instanceof TorchGlobals.TensorView)) {
            throw bad("refuses BUILD on a " + typeName(target) + " at byte " + in.position());
        }
        if (state != null && !(state instanceof Map) && !(state instanceof Tuple)) {
            throw bad("malformed pickle: BUILD state of type " + typeName(state));
        }
    }

    private Long textInt(String s) {
        String t = s.trim();
        return switch (t) {
            case "00" -> 0L;
            case "01" -> 1L;
            default -> Long.parseLong(t);
        };
    }

    private Object textLong(String s) {
        String t = s.trim();
        return normalise(new BigInteger(t.endsWith("L") ? t.substring(0, t.length() - 1) : t));
    }

    private Object littleEndianInt(long n) throws IOException {
        if (n > MAX_INT_BYTES) {
            throw bad("an integer of " + n + " bytes: refused");
        }
        byte[] le = in.readBytes(n);
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return normalise(new BigInteger(be));
    }

    private static Object normalise(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String quotedString(String s) {
        String t = s.trim();
        if (t.length() < 2 || (t.charAt(0) != '\'' && t.charAt(0) != '"')) {
            throw bad("malformed STRING at byte " + in.position());
        }
        return t.substring(1, t.length() - 1);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof TorchGlobals.Global g) {
            return "global " + g.qualified();
        }
        if (o instanceof TorchGlobals.StorageSlice) {
            return "storage";
        }
        return o instanceof Map ? "dict" : o instanceof List ? "list" : o.getClass().getSimpleName();
    }

    private PlegdfException bad(String why) {
        return new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": " + why);
    }
}
