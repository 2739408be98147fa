package org.plegdf.model.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Where a checkpoint keeps its state_dict: the object itself, or one of the usual wrappers
 * ({@code {"state_dict": ..., "epoch": ...}} and the like); and DataParallel's {@code module.}
 * prefix, which is removed.
 */
public final class StateDictLocator {
    /** The wrapper keys looked at, in this order. */
    public static final List<String> WRAPPERS = List.of("state_dict", "model_state_dict", "model", "net");
    /** The prefix DataParallel / DistributedDataParallel give every key. */
    public static final String DATA_PARALLEL = "module.";

    private StateDictLocator() {}

    /**
     * A state_dict found.
     *
     * @param tensors name to tensor, in file order, prefix removed
     * @param where where it was, for the log: "the top level" or "key 'state_dict'", and whether a prefix was removed
     * @param <T> the tensor type
     */
    public record Found<T>(Map<String, T> tensors, String where) {}

    /**
     * @param root the unpickled object
     * @param tensorType the class its tensors have
     * @param file the file's name, for messages
     * @param <T> the tensor type
     * @return the state_dict
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) listing what the file holds when there is none
     */
    public static <T> Found<T> locate(Object root, Class<T> tensorType, String file) {
        Map<String, T> top = asStateDict(root, tensorType);
        if (top != null) {
            return stripPrefix(top, "the top level");
        }
        if (root instanceof Map<?, ?> m) {
            for (String key : WRAPPERS) {
                Map<String, T> sd = asStateDict(m.get(key), tensorType);
                if (sd != null) {
                    return stripPrefix(sd, "key '" + key + "'");
                }
            }
            String keys = m.keySet().stream().limit(12).map(String::valueOf).collect(Collectors.joining(", "));
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": no state_dict found: the file holds a dict with keys ["
                    + keys + (m.size() > 12 ? ", ..." : "") + "], neither all tensors nor one of " + WRAPPERS + " holding them");
        }
        throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": no state_dict found: the file holds a "
                + RestrictedUnpickler.typeName(root) + ", not a dict of tensors");
    }

    /**
     * Removes DataParallel's prefix when every key has it.
     *
     * @param tensors a state_dict
     * @param where where it was found, for the description
     * @param <T> the tensor type
     * @return it, without the prefix
     */
    public static <T> Found<T> stripPrefix(Map<String, T> tensors, String where) {
        if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(k -> k.startsWith(DATA_PARALLEL))) {
            return new Found<>(tensors, where);
        }
        Map<String, T> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k.substring(DATA_PARALLEL.length()), v));
        return new Found<>(out, where + ", DataParallel's '" + DATA_PARALLEL + "' prefix removed");
    }

    private static <T> Map<String, T> asStateDict(Object o, Class<T> tensorType) {
        if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k) || !tensorType.isInstance(e.getValue())) {
                return null;
            }
            names.add(k);
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (String k : names) {
            out.put(k, tensorType.cast(m.get(k)));
        }
        return out;
    }
}
