package org.plegdf.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.PredictOptions;
import org.plegdf.serve.PlegdfServer;
import org.plegdf.serve.ServeSettings;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plegdf serve}: the scoring service and its web page, one model loaded once. */
@Command(name = "serve", description = "Serve predictions over HTTP: an API (docs/openapi.yaml) and a web page to drop a video and read "
        + "the report. Binds 127.0.0.1 unless --host is given; any other host needs --token-file.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A training run folder, its model/ folder, or a .plegdf bundle.")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--token-file", description = "File holding the bearer token callers must send (required with a non-loopback --host).")
    Path tokenFile;

    @Option(names = "--max-upload", defaultValue = "2GB", description = "Largest upload accepted (default: ${DEFAULT-VALUE}; 413 beyond).")
    String maxUpload;

    @Option(names = "--workers", defaultValue = "1", description = "Predictions run at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-queued", defaultValue = "100", description = "Jobs that may wait before uploads get 503 (default: ${DEFAULT-VALUE}).")
    int maxQueued;

    @Option(names = "--data-dir", defaultValue = "plegdf-serve", description = "Folder for jobs, uploads and results, owner-only "
            + "(default: ${DEFAULT-VALUE} in the current folder).")
    Path dataDir;

    @Option(names = "--retain", defaultValue = "7d", description = "How long finished jobs are kept, e.g. 7d, 12h (default: ${DEFAULT-VALUE}).")
    String retain;

    @Option(names = "--log-requests", description = "Log requests, file names and scores (off: logs hold job ids and states only).")
    boolean logRequests;

    @Option(names = "--no-images", description = "Reports without face images.")
    boolean noImages;

    @picocli.CommandLine.Mixin DeviceOption deviceOption;

    @Option(names = "--detector-model", description = "YuNet ONNX file, for models trained on YuNet crops.")
    Path detectorModel;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServeSettings settings = new ServeSettings(host, port, readToken(), ServeSettings.parseBytes(maxUpload), workers, maxQueued,
                dataDir, ServeSettings.parseDuration(retain), logRequests);
        PredictOptions opts = PredictOptions.defaults().withDetectorModel(detectorModel);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: the hook lets call() close the server and the model, and waits for that (the JVM
        // halts when its hooks end); jobs still running stay "running" on disk and are redone.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "plegdf-serve-stop"));
        try (DepressionEstimator est = DepressionEstimator.load(model, opts, deviceOption.device());
                PlegdfServer server = PlegdfServer.start(est, settings, !noImages)) {
            var out = spec.commandLine().getOut();
            out.printf("plegdf serve: %s on %s (%s), data in %s, %d worker%s; Ctrl-C stops%n", model, server.url(),
                    settings.tokenRequired() ? "bearer token required" : "no token: this machine only", settings.dataDir().toAbsolutePath(),
                    workers, workers == 1 ? "" : "s");
            out.flush();
            stopped.await();
        } finally {
            closed.countDown();
        }
        return ExitCodes.OK;
    }

    private String readToken() {
        if (tokenFile == null) {
            return null;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(tokenFile);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                spec.commandLine().getErr().println("plegdf: warning: " + tokenFile + " is readable by others; chmod 600 it");
            }
            String token = Files.readString(tokenFile).strip();
            if (token.isEmpty()) {
                throw new PlegdfException(ExitCodes.USAGE, tokenFile + ": the token file is empty");
            }
            return token;
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.USAGE, tokenFile + ": cannot read the token file: " + e.getMessage(), e);
        }
    }
}
