package org.plegdf.predict;

import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.plegdf.data.FrameLoader;
import org.plegdf.data.ImageFiles;
import org.plegdf.face.AlignedFace;
import org.plegdf.face.FacePipeline;
import org.plegdf.face.FaceSettings;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Tensors;
import org.plegdf.model.TorchNames;
import org.plegdf.preprocess.PhotoVideo;
import org.plegdf.store.ModelStore;

/** Tiny models and real encoded videos made from the face fixtures, for the predict tests. */
public final class PredictFixtures {
    /** Frames of the Tom video: 2 s at 30 fps, 20 analysed at the default frame step 3. */
    public static final int TOM_FRAMES = 60;

    private PredictFixtures() {}

    /** @return the face fixtures folder; skips the test when it is absent */
    public static Path faces() {
        Path d = Path.of(System.getProperty("plegdf.fixtures", "../../shared/fixtures"), "faces");
        assumeThat(Files.isDirectory(d)).as("face fixtures at " + d).isTrue();
        return d;
    }

    public static Path tomPhoto() {
        return faces().resolve("Tom_Cruise_avp_2014_4.jpg");
    }

    public static Path dogsPhoto() {
        return faces().resolve("dogs.jpg");
    }

    /**
     * Saves an untrained network; predict's behaviour does not depend on the model being good.
     *
     * @param dir the model folder to write
     * @param cfg its configuration
     * @param seed the engine seed of the initial weights
     * @return dir
     */
    public static Path saveUntrained(Path dir, ModelConfig cfg, int seed) {
        return saveUntrained(dir, cfg, seed, Double.NaN);
    }

    /**
     * @param dir the model folder to write
     * @param cfg its configuration
     * @param seed the engine seed of the initial weights
     * @param target when a number: the head's output bias is moved so that the aligned face of the
     *     Tom photo scores this (on the rating scale), which puts an untrained model's scores
     *     mid-scale instead of clamped at 0 or the maximum
     * @return dir
     */
    public static Path saveUntrained(Path dir, ModelConfig cfg, int seed, double target) {
        Engine engine = Engines.engine();
        engine.setRandomSeed(seed);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            if (!Double.isNaN(target)) {
                float raw = net.forward(new ParameterStore(m, false), new NDList(Tensors.create(m, tomCrop(cfg), net.inputShape(1))), false)
                        .get(PlegdfFglscfNet.SCORE).getFloat();
                NDArray bias = TorchNames.of(net).get("head.fc2.bias").getArray();
                bias.set(new float[] {bias.getFloat() + (float) (target / cfg.scale.max()) - raw});
            }
            ModelStore.save(net, dir);
        }
        return dir;
    }

    /** The Tom photo's aligned face as network input of {@code cfg}. */
    public static float[] tomCrop(ModelConfig cfg) {
        try (FacePipeline p = new FacePipeline(new FaceSettings(null, null, cfg.inputSize, FaceSettings.PHOTO_MIN_FACE));
                AlignedFace f = p.align(ImageFiles.readRgb(tomPhoto())).orElseThrow()) {
            float[] chw = new float[3 * cfg.inputSize * cfg.inputSize];
            new FrameLoader(cfg.inputSize, cfg.mean, cfg.std).toChw(ImageFiles.toRgb(f.toBufferedImage()), chw, 0);
            return chw;
        }
    }

    public static Path tomVideo(Path out) throws Exception {
        PhotoVideo.record(tomPhoto(), out, TOM_FRAMES, 0.42, 0.55, 60, 0);
        return out;
    }

    public static Path dogsVideo(Path out) throws Exception {
        PhotoVideo.record(dogsPhoto(), out, 30, 0.5, 0.55, 20, 0);
        return out;
    }
}
