package org.plegdf.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import org.plegdf.model.Engines;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code plegdf} command line: one subcommand per job. */
@Command(
        name = "plegdf",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Depression intensity (BDI-II, 0-63) from facial video with the PLEGDF-FGLSCF network.",
        subcommands = {
            InfoCommand.class,
            ModelCommand.class,
            TrainCommand.class,
            CvCommand.class,
            EvaluateCommand.class,
            AblateCommand.class,
            PreprocessCommand.class,
            FacesCommand.class,
            ImportCommand.class,
            DemoVideoCommand.class,
            PredictCommand.class,
            ServeCommand.class,
            ExportCommand.class,
            ConvertCommand.class,
            BenchPredictCommand.class,
            BenchCommand.class,
            SynthCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PlegdfCli implements Runnable {

    @Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show debug logging and stack traces of errors.")
    void setVerbose(boolean verbose) {
        if (verbose) {
            this.verbose = true;
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
        }
    }

    /** Whether this command line was given --verbose (read by its error handler). */
    private boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Builds the command line with plegdf's error handling: a {@link PlegdfException} becomes one
     * line on stderr and its exit code; anything else is an internal error. Stack traces only with
     * {@code --verbose}.
     *
     * @return the configured command line
     */
    public static CommandLine commandLine() {
        PlegdfCli root = new PlegdfCli();
        CommandLine cl = new CommandLine(root);
        // --help and --version on every subcommand (not only the top command)
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        }
        cl.setExecutionExceptionHandler(
                (ex, cmd, parseResult) -> {
                    PrintWriter err = cmd.getErr();
                    boolean verbose = root.verbose;
                    int code;
                    String message;
                    PlegdfException pe = findCause(ex);
                    if (pe != null) {
                        code = pe.exitCode();
                        message = pe.getMessage();
                    } else {
                        code = ExitCodes.INTERNAL;
                        message = "internal error: " + ex + (verbose ? "" : " (run with --verbose for details)");
                    }
                    err.println("plegdf: error: " + message);
                    if (verbose) {
                        ex.printStackTrace(err);
                    }
                    err.flush();
                    return code;
                });
        return cl;
    }

    private static PlegdfException findCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PlegdfException pe) {
                return pe;
            }
        }
        return null;
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        Engines.configure();
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        // Commands print through picocli's writer; what print() left in its buffer must reach the terminal.
        cl.getOut().flush();
        System.exit(code);
    }
}
