package org.plegdf.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretrained backbone weights in: a torchvision ResNet {@code state_dict}, as a {@code torch.save}
 * file (.pth / .pt / .bin, either format) or safetensors ({@link WeightsFile}), loaded into a
 * plegdf backbone.
 *
 * <p>Keys are matched by name and shape (torchvision's names are the backbone's own: {@code
 * conv1.weight}, {@code layer1.0.bn1.running_mean}, ...). The classifier {@code fc.*} is ignored, as
 * is BatchNorm's {@code num_batches_tracked}; BatchNorm running statistics are loaded. Anything else
 * missing, unexpected or mis-shaped is an error that lists it, as PyTorch's strict {@code
 * load_state_dict} does; in partial mode what matches is loaded and the rest is reported.
 */
public final class BackboneWeights {
    private static final Logger LOG = LoggerFactory.getLogger(BackboneWeights.class);
    private static final Pattern BLOCK = Pattern.compile("^layer([1-4])\\.(\\d+)\\.");

    private BackboneWeights() {}

    /**
     * @param name a key of a torchvision ResNet state_dict
     * @return whether the backbone has no use for it: the classifier, or a BatchNorm batch counter
     */
    public static boolean isIgnored(String name) {
        return name.startsWith("fc.") || StateDict.isBatchCounter(name);
    }

    /**
     * Loads a torchvision ResNet state_dict into the backbone of an initialised network.
     *
     * @param net the initialised network (its backbone receives the weights)
     * @param file a weights file ({@link WeightsFile}) of a torchvision ResNet's state_dict
     * @param allowPartial false: every backbone tensor must be in the file with its shape and the file
     *     may hold nothing else (fc and num_batches_tracked aside), otherwise nothing is loaded; true:
     *     load what matches and report the rest
     * @return what was loaded and, in partial mode, what was not
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file, when it cannot be read,
     *     when a strict load finds any mismatch (all listed), or when nothing at all matches
     */
    public static StateDict.LoadReport load(PlegdfFglscfNet net, Path file, boolean allowPartial) {
        return load(net.backbone(), file, allowPartial);
    }

    /**
     * Loads a torchvision ResNet state_dict into an initialised backbone; see {@link
     * #load(PlegdfFglscfNet, Path, boolean)}.
     *
     * @param backbone the initialised backbone
     * @param file a weights file ({@link WeightsFile}) of a torchvision ResNet's state_dict
     * @param allowPartial whether to load what matches when something does not
     * @return what was loaded and what was not
     */
    public static StateDict.LoadReport load(ResNetBackbone backbone, Path file, boolean allowPartial) {
        Map<String, Safetensors.Tensor> tensors = WeightsFile.read(file);
        StateDict.LoadReport check = StateDict.check(backbone, tensors, BackboneWeights::isIgnored);
        String model = backbone.spec().id();
        if (check.loaded().isEmpty() || (!allowPartial && !check.isExact())) {
            String what = check.loaded().isEmpty() ? "no tensor matches the " + model + " backbone" : "does not match the " + model + " backbone";
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS,
                    file + ": " + what + ": " + check.problems() + hint(tensors, model)
                            + (check.loaded().isEmpty() ? "" : " (--allow-partial loads the " + check.loaded().size() + " that match)"));
        }
        StateDict.LoadReport report = StateDict.load(backbone, tensors, BackboneWeights::isIgnored);
        if (!report.isExact()) {
            LOG.warn("{}: loaded {} of {} backbone tensors; not loaded: {}", file, report.loaded().size(),
                    report.loaded().size() + report.missing().size() + report.mismatched().size(), report.problems());
        } else {
            LOG.info("{}: loaded all {} backbone tensors", file, report.loaded().size());
        }
        return report;
    }

    /**
     * A hint at the usual causes of a mismatch: a different ResNet, or keys with a prefix (a
     * DataParallel {@code module.}, a wrapper's {@code backbone.} or {@code model.}).
     */
    private static String hint(Map<String, Safetensors.Tensor> tensors, String model) {
        for (String k : tensors.keySet()) {
            if (k.endsWith("layer1.0.conv1.weight") && !k.equals("layer1.0.conv1.weight")) {
                String prefix = k.substring(0, k.length() - "layer1.0.conv1.weight".length());
                return "; its keys carry the prefix '" + prefix + "': save the ResNet's own state_dict, or strip the prefix";
            }
        }
        String arch = architecture(tensors);
        if (arch == null) {
            return "; it does not look like a torchvision ResNet state_dict (no conv1.weight / layer1.0.conv1.weight)";
        }
        return arch.equals(model) ? "" : "; the file looks like " + arch + ", the model's backbone is " + model;
    }

    /**
     * @param tensors a state_dict
     * @return the BackboneSpec id its layout matches, a description of the layout otherwise, or null
     *     when it is not a ResNet
     */
    static String architecture(Map<String, Safetensors.Tensor> tensors) {
        Safetensors.Tensor stem = tensors.get("conv1.weight");
        if (stem == null || !tensors.containsKey("layer1.0.conv1.weight")) {
            return null;
        }
        boolean bottleneck = tensors.containsKey("layer1.0.conv3.weight");
        int[] blocks = new int[4];
        for (String k : tensors.keySet()) {
            Matcher m = BLOCK.matcher(k);
            if (m.find()) {
                int stage = Integer.parseInt(m.group(1)) - 1;
                blocks[stage] = Math.max(blocks[stage], Integer.parseInt(m.group(2)) + 1);
            }
        }
        int width = (int) stem.shape()[0];
        for (BackboneSpec s : BackboneSpec.values()) {
            if (s.bottleneck() == bottleneck && s.baseWidth() == width && Arrays.equals(s.blocks(), blocks)) {
                return s.id();
            }
        }
        return "a " + (bottleneck ? "Bottleneck" : "BasicBlock") + " ResNet with blocks " + Arrays.toString(blocks) + ", width " + width;
    }
}
