package org.plegdf.cli;

import org.plegdf.model.Precision;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Option;

/** The one {@code --precision} option of the commands that score with a loaded model. */
public final class PrecisionOption {
    @Option(names = "--precision", paramLabel = "auto|fp32|bf16", defaultValue = "auto", description = "Number format of inference:"
            + " auto (bf16 where the CPU has avx512_bf16 or amx_bf16, or the GPU is CUDA compute capability 8.0+; fp32 elsewhere),"
            + " fp32 or bf16. BatchNorm is folded into the convolutions either way. Default: ${DEFAULT-VALUE}.")
    String precision;

    /** @return the parsed value; a bad one is a usage error naming the accepted values */
    public Precision precision() {
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.USAGE, "--precision: " + e.getMessage(), e);
        }
    }
}
