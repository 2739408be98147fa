package org.plegdf.spark;

import java.io.PrintWriter;
import java.net.URL;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf-spark}: cohort scoring on Apache Spark (local mode, or the same jar under spark-submit). */
@Command(name = "plegdf-spark", mixinStandardHelpOptions = true, versionProvider = PlegdfSpark.Version.class,
        subcommands = {ScoreCommand.class, CommandLine.HelpCommand.class},
        description = "Depression intensity for whole cohorts of facial videos, on Apache Spark.")
public final class PlegdfSpark implements Runnable {
    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "Show debug logging and stack traces of errors.")
    void setVerbose(boolean verbose) {
        if (verbose) {
            System.setProperty("plegdf.verbose", "true");
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.plegdf", org.apache.logging.log4j.Level.DEBUG);
        }
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** The plegdf the jar was built with (the core's manifest) and the Spark it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String core = org.plegdf.predict.DepressionEstimator.class.getPackage().getImplementationVersion();
            return new String[] {"plegdf-spark " + (core != null ? core : "(development build)") + ", Spark "
                    + org.apache.spark.sql.SparkSession.class.getPackage().getImplementationVersion()};
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** @param args the command line */
    public static void main(String[] args) {
        quietLogging();
        System.exit(commandLine().execute(args));
    }

    /** @return the command line, with plegdf's error handling: one line and the exit code, stack traces with --verbose */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PlegdfSpark());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            int code = e instanceof PlegdfException p ? p.exitCode() : ExitCodes.INTERNAL;
            err.println("plegdf-spark: " + (e instanceof PlegdfException ? e.getMessage() : "internal error: " + e));
            if (Boolean.getBoolean("plegdf.verbose")) {
                e.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cl;
    }

    /**
     * Run directly (bin/plegdf-spark), Spark would log at INFO through its default profile; our
     * profile keeps Spark, Hadoop and Parquet at WARN. Under spark-submit logging is already set up
     * by the cluster's log4j2 configuration, which this leaves alone.
     */
    private static void quietLogging() {
        URL profile = PlegdfSpark.class.getResource("log4j2-plegdf-spark.properties");
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("spark.master") == null && profile != null) {
            System.setProperty("log4j2.configurationFile", profile.toString());
        }
    }
}
