package org.plegdf.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.plegdf.model.Tensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training step with the batch split over devices (data parallel). The trainer's device holds
 * the model and computes the first share of the frames; every other device gets, for this step, a
 * replica of the parameters copied inside autograd (as PyTorch's {@code DataParallel} broadcasts),
 * runs forward and backward on its share, and backward adds its gradients onto the model's
 * parameters on the first device. The optimizer then updates the model once, and the next step
 * copies the updated parameters out again. Each share's loss is weighted by its share of the frames, so the summed gradient is the
 * whole batch's mean gradient, as on one device.
 *
 * <p>BatchNorm normalises each share with that share's own batch statistics (as PyTorch's
 * {@code DataParallel} does, without {@code SyncBatchNorm}), and the running statistics kept are
 * those of the first device's share; so a split run matches a one-device run exactly only for
 * networks without BatchNorm, and within the noise of smaller BatchNorm batches otherwise.
 *
 * <p>With one device this is exactly the one-device step.
 */
final class DataParallelStep {
    private static final Logger LOG = LoggerFactory.getLogger(DataParallelStep.class);

    private final Trainer trainer;
    private final Block net;
    private final List<Device> devices;
    private final boolean copyOnMainDevice;

    /**
     * @param trainer the trainer (its device, the first of {@code devices}, holds the model)
     * @param net the trained block
     * @param devices the devices to split each batch over, the trainer's first
     */
    DataParallelStep(Trainer trainer, Block net, List<Device> devices) {
        this(trainer, net, devices, false);
    }

    /**
     * @param copyOnMainDevice give the second and later shares replicas even on the model's own
     *     device (so that the multi-device path can be tested with several shares on one CPU)
     */
    DataParallelStep(Trainer trainer, Block net, List<Device> devices, boolean copyOnMainDevice) {
        this.trainer = trainer;
        this.net = net;
        this.devices = List.copyOf(devices);
        this.copyOnMainDevice = copyOnMainDevice;
    }

    /**
     * Runs forward, backward and the optimizer update on one batch.
     *
     * @param b the batch
     * @param size the image side in pixels
     * @return the batch's mean loss
     */
    float step(BatchPipeline.Batch b, int size) {
        int n = b.samples().size();
        int shares = Math.min(devices.size(), n);
        int perImage = 3 * size * size;
        float loss = 0;
        try (NDManager scope = trainer.getManager().newSubManager()) {
            try (GradientCollector gc = trainer.newGradientCollector()) {
                for (int i = 0; i < shares; i++) {
                    int from = (int) ((long) n * i / shares);
                    int to = (int) ((long) n * (i + 1) / shares);
                    NDManager m = i == 0 ? scope : scope.newSubManager(devices.get(i));
                    NDArray x = Tensors.create(m, Arrays.copyOfRange(b.images(), from * perImage, to * perImage), new Shape(to - from, 3, size, size));
                    NDArray y = Tensors.create(m, Arrays.copyOfRange(b.targets(), from, to), new Shape(to - from));
                    NDList pred;
                    if (i == 0) {
                        pred = trainer.forward(new NDList(x));
                    } else {
                        // The replica is made inside the gradient collector by PyTorch's differentiable copy
                        // (Tensor.to): backward carries this share's gradients back onto the model's parameters.
                        pred = net.forward(new ParameterStore(m, copyOnMainDevice), new NDList(x), true);
                    }
                    NDArray shareLoss = trainer.getLoss().evaluate(new NDList(y), pred);
                    double weight = (double) (to - from) / n;
                    gc.backward(shares == 1 ? shareLoss : Tensors.scaled(shareLoss, weight));
                    loss += (float) (shareLoss.getFloat() * (shares == 1 ? 1 : weight));
                }
            }
            trainer.step();
        }
        if (LOG.isTraceEnabled()) {
            // For tracking down run-to-run differences: the exact loss, and a checksum of the batch that produced it.
            double sum = 0;
            for (float f : b.images()) {
                sum += f;
            }
            LOG.trace(String.format(Locale.ROOT, "step loss %.9e, batch %d frames, pixel sum %.17g, first target %.9e",
                    loss, n, sum, b.targets()[0]));
        }
        return loss;
    }
}
