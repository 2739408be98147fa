package org.plegdf.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.model.ModelConfig;
import org.plegdf.synth.SynthOptions;
import org.plegdf.synth.SyntheticDataset;

/**
 * The demo: the whole job on the embedded synthetic benchmark, on CPU, in minutes: synthesise the
 * data (once), train the CPU network (reduced-width backbone at 112 px), evaluate on the test split.
 */
public final class Demo {
    private Demo() {}

    /**
     * @param out the folder for the data ({@code data/}) and the run ({@code run/})
     * @param epochs epochs, or null for the demo's
     * @param seed the training seed
     * @param device auto, cpu, gpu or gpu:N
     * @param progress told each step as it starts ("1/3 ...")
     * @return the trained and evaluated run
     */
    public static Experiment.Outcome run(Path out, Integer epochs, long seed, String device, Consumer<String> progress) {
        Path dataDir = out.resolve("data");
        SynthOptions so = SynthOptions.defaults();
        if (!Files.isRegularFile(dataDir.resolve(Manifest.FILE_NAME))) {
            progress.accept(String.format("1/3 synthesising %d subjects x %d frames at %d px -> %s", so.subjects(), so.frames(), so.size(), dataDir));
            SyntheticDataset.write(dataDir, so, Runtime.getRuntime().availableProcessors(), true);
        } else {
            progress.accept("1/3 reusing the synthetic data in " + dataDir);
        }
        Manifest manifest = ManifestReader.read(dataDir);
        ModelConfig model = ModelConfig.cpuDefaults();
        TrainConfig training = TrainConfig.cpuDemo();
        training.seed = seed;
        training.device = device;
        if (epochs != null) {
            training.epochs = epochs;
        }
        progress.accept(String.format("2/3 training %s at %d px for %d epochs (%s)", model.backbone, model.inputSize, training.epochs, manifest.summary()));
        Experiment.Outcome o = Experiment.run("PLEGDF-FGLSCF", manifest, model, training, out.resolve("run"));
        progress.accept(String.format("3/3 evaluated on %d test videos", o.test().videos()));
        return o;
    }
}
