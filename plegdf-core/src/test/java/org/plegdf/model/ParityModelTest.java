package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.plegdf.store.ModelStore;
import org.plegdf.util.Json;

/**
 * The whole network against the PyTorch reference (tools/reference/plegdf_ref.py), for each
 * ablation, in eval mode, both ways: a model folder written by the reference (its state_dict as
 * PyTorch saves it) loads into plegdf and predicts what the reference predicts; a model folder
 * written by plegdf loads into the reference with a strict load and predicts what plegdf predicts.
 */
class ParityModelTest {
    /**
     * Issue 7 asks for 1e-4; the two engines agree to ~3e-7 here, and a near-miss such as the
     * tanh-approximated GELU in place of the exact one moves outputs by 1e-5 to 3e-5, which 1e-4
     * would let pass. So the tests hold 1e-5.
     */
    static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;

    /** A tiny configuration: resnet18 at quarter width, 96 px (C3 6x6, so the 4x4 regions overlap; C4 3x3), D = 32. */
    static ModelConfig tiny(Ablation ablation) {
        ModelConfig c = new ModelConfig();
        c.backbone = BackboneSpec.RESNET18_QUARTER.id();
        c.inputSize = 96;
        c.dim = 32;
        c.heads = 4;
        c.regions = 4;
        c.encoderLayers = 2;
        c.ablation = ablation;
        return c;
    }

    /** Writes the tiny configuration of every ablation as DIR/&lt;ablation&gt;.json; returns the parity.py arguments. */
    static Object[] configs(Path dir, ModelConfig base) {
        Object[] args = new Object[2 * Ablation.values().length];
        int i = 0;
        for (Ablation a : Ablation.values()) {
            ModelConfig c = base.copy();
            c.ablation = a;
            Path f = dir.resolve(a.id() + ".json");
            Json.write(f, c);
            args[i++] = "--config";
            args[i++] = f;
        }
        return args;
    }

    @BeforeAll
    static void export() {
        Engines.engine();
        Reference.requireTorch();
        Object[] cfg = configs(dir, tiny(Ablation.FULL));
        Object[] args = new Object[cfg.length + 5];
        args[0] = "model";
        args[1] = "--batch";
        args[2] = 3;
        args[3] = "--out";
        args[4] = dir.resolve("ref");
        System.arraycopy(cfg, 0, args, 5, cfg.length);
        Reference.parity(args);
    }

    @ParameterizedTest
    @EnumSource(Ablation.class)
    void referenceModelLoadsAndPredictsTheSame(Ablation ablation) {
        Path folder = dir.resolve("ref").resolve(ablation.id());
        Map<String, Safetensors.Tensor> io = Reference.tensors(folder.resolve("io.safetensors"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = ModelStore.load(folder, m); // strict: every key but num_batches_tracked
            NDList out = net.forward(new ParameterStore(m, false), new NDList(Reference.array(m, io.get("input"))), false);
            Set<String> expected = new TreeSet<>(io.keySet());
            expected.remove("input");
            assertThat(names(out)).isEqualTo(expected);
            for (String name : expected) {
                double d = Reference.maxAbsDiff(out.get(name), io.get(name));
                assertThat(d).as(ablation + " " + name).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ablation.class)
    void referenceStateDictAsTorchSaveInitialisesTheNetwork(Ablation ablation) {
        Path folder = dir.resolve("ref").resolve(ablation.id());
        Map<String, Safetensors.Tensor> io = Reference.tensors(folder.resolve("io.safetensors"));
        for (String file : new String[] {"state_dict.pth", "checkpoint-legacy.pth"}) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                PlegdfFglscfNet net = new PlegdfFglscfNet(ModelStore.readConfig(folder));
                net.initialize(m, DataType.FLOAT32, net.inputShape(1));
                StateDict.LoadReport r = NetworkWeights.load(net, folder.resolve(file)); // what train --init-weights does
                assertThat(r.isExact()).isTrue();
                NDList out = net.forward(new ParameterStore(m, false), new NDList(Reference.array(m, io.get("input"))), false);
                for (NDArray a : out) {
                    double d = Reference.maxAbsDiff(a, io.get(a.getName()));
                    assertThat(d).as(ablation + " " + file + " " + a.getName()).isLessThanOrEqualTo(TOLERANCE);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ablation.class)
    void plegdfModelLoadsInPyTorchAndPredictsTheSame(Ablation ablation) throws IOException {
        Path folder = dir.resolve("java").resolve(ablation.id());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(tiny(ablation));
            net.initialize(m, DataType.FLOAT32, net.inputShape(2));
            perturbNorms(net, new Random(7));
            ModelStore.save(net, folder);
            NDArray x = m.randomNormal(net.inputShape(2));
            Path in = dir.resolve("java-" + ablation.id() + "-in.safetensors");
            Path outFile = dir.resolve("java-" + ablation.id() + "-out.safetensors");
            Safetensors.write(in, Map.of("input", new Safetensors.Tensor("F32", x.getShape().getShape(), x.toFloatArray())), Map.of());
            Reference.parity("run", "--model", folder, "--input", in, "--out", outFile);
            Map<String, Safetensors.Tensor> ref = Reference.tensors(outFile);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            assertThat(names(out)).isEqualTo(new TreeSet<>(ref.keySet()));
            for (String name : ref.keySet()) {
                assertThat(Reference.maxAbsDiff(out.get(name), ref.get(name))).as(ablation + " " + name).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    private static Set<String> names(NDList out) {
        Set<String> s = new TreeSet<>();
        for (NDArray a : out) {
            s.add(a.getName());
        }
        return s;
    }

    /**
     * Moves BatchNorm statistics and norm affine parameters off their defaults (0 / 1), so that a
     * swapped weight / bias / running_mean / running_var would change the outputs.
     */
    static void perturbNorms(PlegdfFglscfNet net, Random random) {
        Map<String, Parameter> params = new LinkedHashMap<>(TorchNames.of(net));
        params.forEach((name, p) -> {
            NDArray a = p.getArray();
            if (a.getShape().dimension() != 1) {
                return; // conv / linear weights keep their initialisation
            }
            float[] v = new float[(int) a.size()];
            for (int i = 0; i < v.length; i++) {
                double g = random.nextGaussian();
                v[i] = (float) (name.endsWith("running_var") || name.endsWith(".weight")
                        ? 1.0 + 0.25 * Math.tanh(g) : 0.1 * g);
            }
            a.set(FloatBuffer.wrap(v));
        });
    }
}
