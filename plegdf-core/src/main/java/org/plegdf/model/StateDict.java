package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A network's parameters as a PyTorch-style state_dict: extracted to named float tensors, and loaded
 * back by name and shape, with PyTorch's strict-load report (missing, unexpected, mis-shaped).
 */
public final class StateDict {
    private StateDict() {}

    /**
     * What a load found.
     *
     * @param loaded names that were copied into the network
     * @param missing network parameters the file did not have
     * @param unexpected file tensors the network has no parameter for
     * @param mismatched "name: file [shape] vs model [shape]" for shape mismatches
     */
    public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched) {
        /** @return true when every parameter was loaded and nothing was left over */
        public boolean isExact() {
            return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
        }

        /** @return one line describing what did not match (empty when exact) */
        public String problems() {
            List<String> parts = new ArrayList<>();
            if (!missing.isEmpty()) {
                parts.add(missing.size() + " missing " + abbreviate(missing));
            }
            if (!unexpected.isEmpty()) {
                parts.add(unexpected.size() + " unexpected " + abbreviate(unexpected));
            }
            if (!mismatched.isEmpty()) {
                parts.add(mismatched.size() + " with the wrong shape " + abbreviate(mismatched));
            }
            return String.join("; ", parts);
        }

        private static String abbreviate(List<String> names) {
            int show = 6;
            String s = names.stream().limit(show).collect(Collectors.joining(", "));
            return "(" + s + (names.size() > show ? ", ... " + (names.size() - show) + " more" : "") + ")";
        }
    }

    /**
     * @param net an initialised network
     * @return its parameters (BatchNorm running statistics included) as float tensors by PyTorch name
     */
    public static Map<String, Safetensors.Tensor> extract(Block net) {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : TorchNames.of(net).entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), new Safetensors.Tensor("F32", a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    /**
     * Copies values into an existing array in place, keeping its engine-allocated memory.
     * (NDArray.set(Buffer) would make the tensor alias a Java direct buffer, whose address and
     * alignment differ run to run; resumed training was then not bit-reproducible.)
     *
     * @param target the array to overwrite (a parameter)
     * @param values its new values, same element count
     */
    public static void copyInto(NDArray target, float[] values) {
        try (NDArray src = target.getManager().create(values, target.getShape()).toDevice(target.getDevice(), false)) {
            target.set(new NDIndex("..."), src);
        }
    }

    /**
     * Copies tensors into an initialised network by name. Tensors whose name {@code ignore} accepts
     * are skipped silently (e.g. torchvision's fc and num_batches_tracked). Only tensors that match
     * in name and shape are copied; the report lists everything else.
     *
     * @param net the initialised network
     * @param tensors tensors by name
     * @param ignore names to skip without reporting
     * @return what matched and what did not
     */
    public static LoadReport load(Block net, Map<String, Safetensors.Tensor> tensors, Predicate<String> ignore) {
        return match(net, tensors, ignore, true);
    }

    /**
     * What {@link #load} would report, without copying anything: a strict loader checks first so a
     * rejected file leaves the network as it was.
     *
     * @param net the initialised network
     * @param tensors tensors by name
     * @param ignore names to skip without reporting
     * @return what would match and what would not
     */
    public static LoadReport check(Block net, Map<String, Safetensors.Tensor> tensors, Predicate<String> ignore) {
        return match(net, tensors, ignore, false);
    }

    /**
     * @param name a state_dict key
     * @return whether it is a BatchNorm batch counter, which plegdf does not keep (it only matters
     *     for PyTorch's cumulative-average momentum, which plegdf does not use)
     */
    public static boolean isBatchCounter(String name) {
        return name.endsWith("num_batches_tracked");
    }

    private static LoadReport match(Block net, Map<String, Safetensors.Tensor> tensors, Predicate<String> ignore, boolean copy) {
        Map<String, Parameter> params = TorchNames.of(net);
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Safetensors.Tensor t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
                continue;
            }
            NDArray a = e.getValue().getArray();
            long[] want = a.getShape().getShape();
            if (!t.isFloating() || !Arrays.equals(want, t.shape())) {
                mismatched.add(e.getKey() + ": file " + t.dtype() + " " + t.shapeText() + " vs model " + Arrays.toString(want));
                continue;
            }
            if (copy) {
                copyInto(a, t.values());
            }
            loaded.add(e.getKey());
        }
        List<String> unexpected = tensors.keySet().stream()
                .filter(n -> !params.containsKey(n) && !ignore.test(n))
                .toList();
        return new LoadReport(loaded, missing, unexpected, mismatched);
    }
}
