package org.plegdf.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs plegdf in its own JVM, in a chosen working folder (default output names, kill -9). */
final class CliProcess {
    private CliProcess() {}

    /**
     * @param dir the working folder
     * @param log stdout and stderr go here
     * @param args the command line
     * @return the running process
     */
    static Process start(Path dir, Path log, String... args) throws Exception {
        return start(dir, log, List.of(), args);
    }

    /**
     * @param dir the working folder
     * @param log stdout and stderr go here
     * @param jvmOptions more JVM options, such as a test seam's system property
     * @param args the command line
     * @return the running process
     */
    static Process start(Path dir, Path log, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", absoluteClassPath(), "org.plegdf.cli.PlegdfCli"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** @return the exit code of a run to its end (at most 5 minutes) */
    static int run(Path dir, Path log, String... args) throws Exception {
        Process p = start(dir, log, args);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("plegdf " + String.join(" ", args) + " did not finish");
        }
        return p.exitValue();
    }

    /** Surefire's class path may hold relative entries; the child runs elsewhere. */
    private static String absoluteClassPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            parts.add(Path.of(p).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, parts);
    }
}
