package org.plegdf.model;

import java.nio.file.Path;
import java.util.Map;
import org.plegdf.model.interop.RawTensor;
import org.plegdf.model.interop.StateDictLocator;
import org.plegdf.model.interop.TorchCheckpoint;
import org.plegdf.model.interop.WeightsFormat;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state_dict from any weights file plegdf reads, whatever its name: safetensors, or a {@code
 * torch.save} file of either format ({@link WeightsFormat} tells them apart by content). The
 * state_dict may be wrapped ({@code state_dict}, {@code model_state_dict}, {@code model}, {@code
 * net}) and carry DataParallel's {@code module.} prefix; one log line says what was used.
 */
public final class WeightsFile {
    private static final Logger LOG = LoggerFactory.getLogger(WeightsFile.class);

    private WeightsFile() {}

    /**
     * A state_dict read.
     *
     * @param tensors name to tensor as stored, in file order
     * @param format the file's format
     * @param where where in the file the state_dict was
     */
    public record Contents(Map<String, RawTensor> tensors, WeightsFormat format, String where) {
        /** @return one line describing what was read */
        public String describe() {
            return tensors.size() + " tensors (" + format.description() + ", state_dict at " + where + ")";
        }
    }

    /**
     * @param file a weights file
     * @return its state_dict, tensors as stored
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file and the problem
     */
    public static Contents readRaw(Path file) {
        WeightsFormat format = WeightsFormat.of(file);
        Contents c;
        if (format == WeightsFormat.SAFETENSORS) {
            StateDictLocator.Found<RawTensor> f = StateDictLocator.stripPrefix(Safetensors.readRaw(file).tensors(), "the top level");
            c = new Contents(f.tensors(), format, f.where());
        } else {
            TorchCheckpoint.Contents t = TorchCheckpoint.read(file);
            c = new Contents(t.tensors(), format, t.where());
        }
        if (c.tensors().isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": holds no tensors");
        }
        LOG.info("{}: {}", file, c.describe());
        return c;
    }

    /**
     * @param file a weights file
     * @return its state_dict, floating tensors as float32
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) naming the file and the problem
     */
    public static Map<String, Safetensors.Tensor> read(Path file) {
        return Safetensors.floats(readRaw(file).tensors());
    }
}
