package org.plegdf.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plegdf serve}: the scoring service. One estimator (loaded once, shared by the workers),
 * the HTTP API of {@code openapi.yaml}, and the web page at {@code /}. Built on Javalin (Jetty).
 *
 * <pre>{@code
 * try (DepressionEstimator est = DepressionEstimator.load(model);
 *         PlegdfServer server = PlegdfServer.start(est, settings, true)) {
 *     System.out.println(server.url());
 *     ... // until the service should stop
 * }
 * }</pre>
 */
public final class PlegdfServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlegdfServer.class);
    /** The API's base path. */
    public static final String API = "/api/v1";
    private static final String JSON = "application/json";
    private static final String RESOURCES = "/org/plegdf/serve/";
    private static final String VERSION = org.plegdf.util.BuildInfo.version();

    private final DepressionEstimator estimator;
    private final ServeSettings settings;
    private final JobStore store;
    private final JobQueue queue;
    private final Uploads uploads;
    private final BearerAuth auth;
    private final Javalin app;
    private final ObjectMapper mapper = Json.mapper();

    private PlegdfServer(DepressionEstimator estimator, ServeSettings settings, boolean withImages) {
        this.estimator = estimator;
        this.settings = settings;
        this.store = JobStore.open(settings.dataDir());
        this.queue = new JobQueue(store, new JobRunner(estimator, store, withImages, settings.logRequests()), settings.workers(),
                settings.maxQueued(), settings.retain());
        this.uploads = new Uploads(store, settings.maxUploadBytes());
        this.auth = settings.tokenRequired() ? new BearerAuth(settings.token()) : null;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = 64 * 1024;
            config.jetty.multipartConfig.cacheDirectory(store.multipartCache().toString());
            config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes() + Uploads.MULTIPART_SLACK, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(256 * 1024, SizeUnit.BYTES);
            if (settings.logRequests()) {
                config.requestLogger.http((ctx, ms) -> LOG.info("{} {} {} {} ms", ctx.method(), ctx.path(), ctx.status().getCode(),
                        Math.round(ms)));
            }
        });
        routes();
    }

    /**
     * Starts the service: queues again the jobs a previous run left unfinished and listens.
     *
     * @param estimator the model, shared by all workers; the caller closes it after the server
     * @param settings host, port, token, caps
     * @param withImages whether reports show face images
     * @return the running server
     * @throws PlegdfException USAGE when the port cannot be bound
     */
    public static PlegdfServer start(DepressionEstimator estimator, ServeSettings settings, boolean withImages) {
        PlegdfServer s = new PlegdfServer(estimator, settings, withImages);
        s.queue.start();
        try {
            s.app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            s.queue.close();
            throw new PlegdfException(ExitCodes.USAGE, "cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + rootMessage(e), e);
        }
        return s;
    }

    /** @return the port it listens on (the chosen one when the settings said 0) */
    public int port() {
        return app.port();
    }

    /** @return the page's address, e.g. http://127.0.0.1:8080/ */
    public String url() {
        String h = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + h + ":" + port() + "/";
    }

    private void routes() {
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
        });
        app.before(API + "/*", this::authorise);
        app.exception(Refusal.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error in {} {}", ctx.method(), ctx.endpointHandlerPath(), e);
            error(ctx, 500, "internal error");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "no such resource");
            }
        });
        app.get("/", resource("index.html", "text/html; charset=utf-8"));
        app.get("/app.js", resource("app.js", "text/javascript; charset=utf-8"));
        app.get("/health", ctx -> ctx.contentType(JSON).result("{\"status\":\"ok\",\"version\":\"" + VERSION + "\"}"));
        app.get(API + "/openapi.yaml", resource("openapi.yaml", "application/yaml; charset=utf-8"));
        app.get(API + "/model", this::model);
        app.post(API + "/predictions", this::create);
        app.get(API + "/predictions", this::list);
        app.get(API + "/predictions/{id}", ctx -> json(ctx, 200, view(job(ctx), true)));
        app.get(API + "/predictions/{id}/report", this::report);
        app.delete(API + "/predictions/{id}", this::delete);
    }

    private void authorise(Context ctx) {
        if (auth == null || ctx.path().equals(API + "/openapi.yaml")) {
            return;
        }
        if (!auth.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"plegdf\"");
            throw new Refusal(401, "this service needs 'Authorization: Bearer <token>'");
        }
    }

    private void create(Context ctx) {
        if (!queue.hasRoom()) {
            ctx.header("Retry-After", "60");
            throw new Refusal(503, "the queue is full (" + settings.maxQueued() + " jobs waiting); try again later");
        }
        Job job = uploads.receive(ctx);
        queue.enqueue(job);
        if (settings.logRequests()) {
            LOG.info("job {} queued: {} ({}, {})", job.id(), job.name(), job.kind(), ServeSettings.humanBytes(job.sizeBytes()));
        } else {
            LOG.info("job {} queued", job.id());
        }
        ctx.header("Location", API + "/predictions/" + job.id());
        json(ctx, 202, view(job, false));
    }

    private void list(Context ctx) {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode jobs = out.putArray("jobs");
        store.list().forEach(j -> jobs.add(view(j, false)));
        json(ctx, 200, out);
    }

    private void report(Context ctx) throws IOException {
        Job j = job(ctx);
        if (j.status() != Job.Status.DONE) {
            throw new Refusal(409, "the job is " + j.status().id() + "; its report exists once it is done");
        }
        // The report has no script; the sandbox keeps it that way even if a frame of it were changed.
        ctx.header("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox");
        ctx.contentType("text/html; charset=utf-8").result(Files.readAllBytes(store.result(j, JobStore.REPORT_HTML)));
    }

    private void delete(Context ctx) {
        Job j = job(ctx);
        store.delete(j.id());
        queue.forget(j.id());
        LOG.info("job {} deleted", j.id());
        ctx.status(204);
    }

    private void model(Context ctx) {
        ObjectNode out = mapper.createObjectNode();
        out.set("model", mapper.valueToTree(estimator.modelInfo()));
        out.set("scale", mapper.valueToTree(estimator.config().scale));
        out.put("plegdf_version", VERSION);
        ObjectNode svc = out.putObject("service");
        svc.put("workers", settings.workers());
        svc.put("max_queued", settings.maxQueued());
        svc.put("max_upload_bytes", settings.maxUploadBytes());
        svc.put("retain_s", settings.retain().toSeconds());
        svc.put("token_required", settings.tokenRequired());
        ArrayNode accepts = svc.putArray("accepts");
        for (String a : new String[] {"video/mp4", "video/quicktime", "video/x-matroska", "video/webm", "video/x-msvideo", "image/jpeg",
            "image/png", "application/zip"}) {
            accepts.add(a);
        }
        json(ctx, 200, out);
    }

    /** The job a path names; an id that is not a UUID this service could have made is a 400. */
    private Job job(Context ctx) {
        String id = ctx.pathParam("id");
        if (!Job.isValidId(id)) {
            throw new Refusal(400, "not a job id (job ids are UUIDs this service made)");
        }
        return store.get(id).orElseThrow(() -> new Refusal(404, "no such job (deleted, expired, or never made)"));
    }

    private ObjectNode view(Job j, boolean withPrediction) {
        ObjectNode v = mapper.valueToTree(j);
        JobQueue.Progress p = queue.progress(j);
        ObjectNode progress = v.putObject("progress");
        progress.put("stage", p.stage());
        if (p.fraction() == null) {
            progress.putNull("fraction");
        } else {
            progress.put("fraction", p.fraction());
        }
        if (p.queuePosition() != null) {
            progress.put("queue_position", p.queuePosition());
        }
        if (withPrediction && j.status() == Job.Status.DONE) {
            try {
                v.set("prediction", mapper.readTree(store.result(j, JobStore.PREDICTION_JSON).toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ObjectNode links = v.putObject("links");
        links.put("self", API + "/predictions/" + j.id());
        if (j.status() == Job.Status.DONE) {
            links.put("report", API + "/predictions/" + j.id() + "/report");
        }
        return v;
    }

    private void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void error(Context ctx, int status, String message) {
        json(ctx, status, mapper.createObjectNode().put("error", message).put("status", status));
    }

    private static Handler resource(String name, String type) {
        byte[] bytes;
        try (InputStream in = PlegdfServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ctx -> {
            if (type.startsWith("text/html")) {
                ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; frame-src blob:; "
                        + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
            }
            ctx.contentType(type).result(bytes);
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    /** Stops listening and the workers; jobs still running are redone at the next start. */
    @Override
    public void close() {
        app.stop();
        queue.close();
    }
}
