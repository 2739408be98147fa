package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import picocli.CommandLine;

class BenchCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = PlegdfCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void timesEveryRequestedRowAndWritesTheCsv() throws Exception {
        Path csv = dir.resolve("bench.csv");
        int code = run("bench", "--backbone", "resnet18-quarter", "--size", "64", "--batch", "2", "--mode", "train,infer",
                "--repeats", "2", "--warmup", "0", "--csv", csv.toString());
        assertThat(code).as(err.toString()).isZero();
        List<String> rows = out.toString().lines().filter(l -> l.startsWith("djl")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).matches("djl\\s+resnet18-quarter\\s+64\\s+2\\s+train(\\s+[0-9.]+){4}\\s+\\d+");
        assertThat(rows.get(1)).contains(" infer ");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("engine,backbone,size,batch,mode,median_ms,min_ms,cpu_ms,img_per_s,threads");
        assertThat(lines.get(1)).startsWith("djl,resnet18-quarter,64,2,train,");
    }

    @Test
    void anUnknownModeIsAUsageError() {
        int code = run("bench", "--backbone", "resnet18-quarter", "--mode", "fast");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("plegdf: error: unknown --mode 'fast' (use train and/or infer)");
    }

    @Test
    void inferenceIsTimedOnTheFastPathInTheChosenPrecision() {
        for (String precision : new String[] {"fp32", "bf16"}) {
            out.getBuffer().setLength(0);
            int code = run("bench", "--backbone", "resnet18-quarter", "--size", "64", "--batch", "2", "--mode", "infer",
                    "--repeats", "1", "--warmup", "0", "--precision", precision);
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("# infer: " + precision + ", BatchNorm folded into the convolutions, channels-last; train: fp32");
            assertThat(out.toString().lines().filter(l -> l.startsWith("djl"))).singleElement().asString().contains(" infer ");
        }
    }

    @Test
    void anUnknownPrecisionIsAUsageError() {
        int code = run("bench", "--backbone", "resnet18-quarter", "--mode", "infer", "--precision", "int4");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("plegdf: error: --precision: unknown precision 'int4' (use auto, fp32 or bf16)");
    }

    @Test
    void anUnknownBackboneIsAConfigError() {
        int code = run("bench", "--backbone", "resnet101", "--size", "64", "--batch", "1", "--repeats", "1");
        assertThat(code).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(err.toString()).contains("unknown backbone 'resnet101'").doesNotContain("\tat ");
    }
}
