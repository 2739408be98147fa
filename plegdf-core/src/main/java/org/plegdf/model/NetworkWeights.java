package org.plegdf.model;

import java.nio.file.Path;
import java.util.Map;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole network's state_dict in: the PyTorch reference's {@code model.state_dict()} (or a plegdf
 * model's weights), as a {@code torch.save} file or safetensors ({@link WeightsFile}), loaded
 * strictly into an initialised network (BatchNorm's {@code num_batches_tracked} aside).
 */
public final class NetworkWeights {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkWeights.class);

    private NetworkWeights() {}

    /**
     * @param net the initialised network
     * @param file a weights file of the whole network
     * @return what was loaded (everything)
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file, when it cannot be read
     *     or does not match the network exactly (all differences listed); nothing is loaded then
     */
    public static StateDict.LoadReport load(PlegdfFglscfNet net, Path file) {
        Map<String, Safetensors.Tensor> tensors = WeightsFile.read(file);
        StateDict.LoadReport check = StateDict.check(net, tensors, StateDict::isBatchCounter);
        if (!check.isExact()) {
            boolean backboneOnly = tensors.containsKey("conv1.weight") && !tensors.containsKey("backbone.conv1.weight");
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": does not match the network of this configuration (backbone "
                    + net.config().backbone + ", ablation " + net.config().ablation.id() + "): " + check.problems()
                    + (backboneOnly ? "; it looks like a backbone's state_dict alone: use --backbone-weights" : ""));
        }
        StateDict.LoadReport report = StateDict.load(net, tensors, StateDict::isBatchCounter);
        LOG.info("{}: initialised all {} network tensors", file, report.loaded().size());
        return report;
    }
}
