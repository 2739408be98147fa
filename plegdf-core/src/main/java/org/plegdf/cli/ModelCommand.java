package org.plegdf.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.TorchNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf model}: the layer summary and parameter count of the network a configuration builds. */
@Command(name = "model", description = "Print the layer summary and parameter count of the network it would build.")
public final class ModelCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "A model configuration (a model folder's config.json); flags override it.")
    Path config;

    @CommandLine.Mixin ModelOptions options;

    @Option(names = "--cpu-defaults", description = "Start from the CPU network of train --cpu-defaults and the demo (resnet18-quarter at 112 px, D 64, H 4).")
    boolean cpuDefaults;

    @Option(names = "--depth", defaultValue = "3", description = "Module levels to list (default: ${DEFAULT-VALUE}).")
    int depth;

    @Override
    public Integer call() {
        ModelConfig base = cpuDefaults ? ModelConfig.cpuDefaults() : new ModelConfig();
        ModelConfig cfg = options.resolve(config != null ? ModelConfig.read(config) : base);
        Engines.engine();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            Shape in = net.inputShape(1);
            net.initialize(manager, DataType.FLOAT32, in);
            out().printf("PLEGDF-FGLSCF  backbone=%s  ablation=%s  input=%dx%d  D=%d  R=%d  Np=%d  H=%d%n",
                    cfg.backbone, cfg.ablation, cfg.inputSize, cfg.inputSize, cfg.dim, cfg.regions, cfg.encoderLayers, cfg.heads);
            out().printf("%-48s %14s%n", "module", "parameters");
            print(net, "", 0, depth);
            Map<String, Parameter> all = TorchNames.of(net);
            long trainable = all.values().stream().filter(Parameter::requiresGradient).mapToLong(p -> p.getShape().size()).sum();
            long buffers = all.values().stream().filter(p -> !p.requiresGradient()).mapToLong(p -> p.getShape().size()).sum();
            out().printf("%-48s %,14d%n", "total trainable", trainable);
            out().printf("%-48s %,14d%n", "BatchNorm running statistics (not trained)", buffers);
            Shape[] outs = net.getOutputShapes(new Shape[] {in});
            out().printf("input %s -> outputs %s%n", in, java.util.Arrays.toString(outs));
        }
        return 0;
    }

    private void print(Block block, String prefix, int level, int maxDepth) {
        for (Pair<String, Block> c : block.getChildren()) {
            String name = prefix + TorchNames.childName(c.getKey());
            long n = TorchNames.of(c.getValue()).values().stream()
                    .filter(Parameter::requiresGradient).mapToLong(p -> p.getShape().size()).sum();
            String indent = "  ".repeat(level);
            String type = c.getValue().getClass().getSimpleName();
            out().printf(Locale.ROOT, "%-48s %,14d%n", indent + name + " (" + type + ")", n);
            if (level + 1 < maxDepth) {
                print(c.getValue(), name + ".", level + 1, maxDepth);
            }
        }
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
