package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the CLI in-process and captures exit code, stdout and stderr. */
final class CliRunner {
    record Result(int code, String out, String err) {}

    private CliRunner() {}

    /**
     * Asserts a refusal as docs/errors.md promises it: the exit code, one line naming the problem, no stack trace.
     *
     * @param r the run
     * @param code the expected exit code
     * @param contains what the line must say
     */
    static void assertRefused(Result r, int code, String... contains) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        String err = r.err().strip();
        assertThat(err).startsWith("plegdf: error: ").doesNotContain("\n").doesNotContain("\tat ");
        for (String c : contains) {
            assertThat(err).contains(c);
        }
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = PlegdfCli.commandLine();
            cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            cl.getOut().flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }
}
