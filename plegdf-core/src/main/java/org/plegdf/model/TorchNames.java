package org.plegdf.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives every parameter of a plegdf network its PyTorch state_dict name ({@code
 * backbone.layer1.0.conv1.weight}, {@code backbone.bn1.running_mean}, ...), so weights can travel
 * between plegdf and PyTorch as safetensors.
 *
 * <p>DJL stores a child under "NN" + name (a two-digit position prefix); the prefix is dropped.
 * DJL's BatchNorm and LayerNorm call their parameters gamma / beta / runningMean / runningVar,
 * which become weight / bias / running_mean / running_var.
 */
public final class TorchNames {
    private TorchNames() {}

    /**
     * @param root the network (or any block built from {@link TorchBlock}s)
     * @return parameters by PyTorch name, in registration order
     */
    public static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + paramName(p.getKey()), p.getValue());
        }
        for (Pair<String, Block> c : block.getChildren()) {
            collect(c.getValue(), prefix + childName(c.getKey()) + ".", out);
        }
    }

    /**
     * @param djlKey a child key as DJL stores it, e.g. {@code 01conv1}
     * @return the PyTorch module name, e.g. {@code conv1}
     */
    public static String childName(String djlKey) {
        if (djlKey.length() > 2 && Character.isDigit(djlKey.charAt(0)) && Character.isDigit(djlKey.charAt(1))) {
            return djlKey.substring(2);
        }
        return djlKey;
    }

    private static String paramName(String djl) {
        return switch (djl) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djl;
        };
    }
}
