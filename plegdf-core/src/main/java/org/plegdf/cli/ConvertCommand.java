package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.model.WeightsConversion;
import org.plegdf.model.WeightsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plegdf convert}: a torch.save (or safetensors) state_dict to safetensors, or its listing. */
@Command(name = "convert", description = {
    "Write the state_dict of a torch.save file (.pth/.pt/.bin, zip or legacy format; read without Python,",
    "nothing in it executed) as safetensors, every tensor with its own dtype; or list its tensors."})
public final class ConvertCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "A torch.save or safetensors file.")
    Path in;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT", description = "The .safetensors file to write.")
    Path out;

    @Option(names = "--list", description = "List the tensors (name, dtype, shape) instead of converting.")
    boolean list;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Option(names = "--time", paramLabel = "N", description = "Time N reads of IN into float32 (after one untimed read): min and median wall and CPU seconds.")
    Integer time;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (time != null) {
            if (time < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--time must be >= 1, got " + time);
            }
            WeightsConversion.Timing t = WeightsConversion.time(in, time);
            w.printf(Locale.ROOT, "%s: read %d times: wall min %.3f s, median %.3f s; CPU min %.3f s, median %.3f s%n",
                    in, time, min(t.wall()), median(t.wall()), min(t.cpu()), median(t.cpu()));
        } else if (list) {
            WeightsFile.Contents c = WeightsFile.readRaw(in);
            w.println(in + ": " + c.describe());
            WeightsConversion.listing(c).forEach(w::println);
        } else {
            if (out == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give OUT (a .safetensors file), or --list");
            }
            WeightsFile.Contents c = WeightsConversion.convert(in, out, force);
            w.println("wrote " + out + ": " + c.describe() + " from " + in);
        }
        w.flush();
        return 0;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
