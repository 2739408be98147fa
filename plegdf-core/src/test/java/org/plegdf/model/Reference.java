package org.plegdf.model;

import static org.assertj.core.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The PyTorch side of the parity tests: runs tools/reference/parity.py with Debian's python3 and
 * python3-torch, and compares arrays. Where PyTorch is missing the tests fail under CI (CI set, as
 * .ci/run installs it) and are skipped on a developer's machine otherwise.
 */
public final class Reference {
    /** Debian's interpreter, not a pyenv or venv one that lacks python3-torch; -Dplegdf.python overrides. */
    static final Path PYTHON = Path.of(System.getProperty("plegdf.python", "/usr/bin/python3"));
    static final Path TOOLS = Path.of(System.getProperty("plegdf.root", "..")).resolve("tools/reference");
    private static Boolean available;

    private Reference() {}

    /** Fails under CI, skips elsewhere, when PyTorch cannot be imported. */
    public static synchronized void requireTorch() {
        if (available == null) {
            available = exec(List.of(PYTHON.toString(), "-c", "import torch, torchvision"), 120).exitCode == 0;
        }
        if (!available) {
            String msg = PYTHON + " -c 'import torch, torchvision' failed: the PyTorch parity tests need Debian's "
                    + "python3-torch and python3-torchvision (apt-get install -y python3-torch python3-torchvision; "
                    + ".ci/run installs them)";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
                fail(msg);
            }
            Assumptions.abort(msg + " - skipped because CI is not set");
        }
    }

    /**
     * Runs parity.py with the given arguments; fails the test with the script's output when it fails.
     *
     * @param args sub-command and options
     */
    static void parity(Object... args) {
        script("parity.py", args);
    }

    /**
     * Runs a script of tools/reference with the given arguments; fails the test with its output when it fails.
     *
     * @param script the script's file name
     * @param args sub-command and options
     */
    public static void script(String script, Object... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), TOOLS.resolve(script).toString()));
        for (Object a : args) {
            cmd.add(a.toString());
        }
        Result r = exec(cmd, 600);
        if (r.exitCode != 0) {
            fail(String.join(" ", cmd) + " exited " + r.exitCode + ":\n" + r.output);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result exec(List<String> cmd, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("plegdf-reference", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    /** @return the tensors of a safetensors file written by the reference */
    static Map<String, Safetensors.Tensor> tensors(Path file) {
        return Safetensors.read(file).tensors();
    }

    /** @return a tensor as an array of the manager */
    static NDArray array(NDManager manager, Safetensors.Tensor t) {
        return manager.create(t.values(), new Shape(t.shape()));
    }

    /** @return max |actual - expected| */
    static double maxAbsDiff(NDArray actual, Safetensors.Tensor expected) {
        return maxAbsDiff(actual.toFloatArray(), expected.values());
    }

    /** @return max |a - b|, after checking the lengths agree */
    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            fail("sizes differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    /** @return max |values|, the output scale */
    static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** @return max |actual - expected| / max |expected| */
    static double relativeDiff(NDArray actual, Safetensors.Tensor expected) {
        return maxAbsDiff(actual, expected) / Math.max(maxAbs(expected.values()), 1e-12);
    }
}
