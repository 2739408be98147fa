package org.plegdf.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.plegdf.predict.Prediction;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import org.plegdf.util.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs on disk, so that they survive a restart. Layout under the data folder (every folder
 * rwx------, every file rw-------):
 *
 * <pre>
 * incoming/          uploads being received and checked (emptied at start)
 * jobs/&lt;id&gt;/job.json  the {@link Job}
 * jobs/&lt;id&gt;/input.mp4 the upload (input.jpg, ..., or frames/ for a zip), deleted once the job ends
 * jobs/&lt;id&gt;/prediction.json, report.html   the results of a done job
 * </pre>
 *
 * Paths are only ever built from ids this class made (validated UUIDs) and fixed names.
 */
final class JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    static final String JOB_JSON = "job.json";
    static final String PREDICTION_JSON = "prediction.json";
    static final String REPORT_HTML = "report.html";

    private final Path root;
    private final Path jobsDir;
    private final Path incoming;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    private JobStore(Path root) {
        this.root = root;
        this.jobsDir = root.resolve("jobs");
        this.incoming = root.resolve("incoming");
    }

    /**
     * Opens (or creates) the data folder and reads every job in it.
     *
     * @param dataDir the data folder
     * @return the store
     * @throws PlegdfException OUTPUT_NOT_WRITABLE when the folder cannot be made or written
     */
    static JobStore open(Path dataDir) {
        JobStore s = new JobStore(dataDir.toAbsolutePath().normalize());
        try {
            JobFiles.privateDirIfAbsent(s.root);
            JobFiles.privateDir(s.jobsDir);
            FileTrees.deleteTree(s.incoming);
            JobFiles.privateDir(s.incoming);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(s.jobsDir)) {
                for (Path d : ds) {
                    s.load(d);
                }
            }
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dataDir + ": cannot use as the data folder: " + e.getMessage(), e);
        }
        return s;
    }

    private void load(Path d) throws IOException {
        String name = d.getFileName().toString();
        Path json = d.resolve(JOB_JSON);
        if (!Job.isValidId(name) || !Files.isRegularFile(json)) {
            LOG.warn("{}: not a job folder; left alone", d);
            return;
        }
        try {
            Job j = Json.mapper().readValue(json.toFile(), Job.class);
            if (!j.id().equals(name)) {
                LOG.warn("{}: job.json names another job; left alone", d);
                return;
            }
            jobs.put(j.id(), j);
        } catch (IOException e) {
            LOG.warn("{}: unreadable job.json ({}); left alone", d, e.getMessage());
        }
    }

    /** @return the data folder */
    Path root() {
        return root;
    }

    /** @return where Jetty keeps multipart uploads while a request is read */
    Path multipartCache() {
        return incoming;
    }

    /**
     * @return a new private folder for one upload being checked; delete it with
     *     {@link FileTrees#deleteTree} unless {@link #accept} took it
     */
    Path newStaging() {
        try {
            return JobFiles.privateDir(incoming.resolve("upload-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a checked upload a queued job: its job.json is written in the staging folder, which is
     * then renamed into jobs/ in one step (a crash leaves either no job or a whole one).
     *
     * @param staging the folder holding {@code input.<ext>} or {@code frames/}
     * @param job the new job
     * @return job
     */
    Job accept(Path staging, Job job) {
        try {
            Json.write(staging.resolve(JOB_JSON), job);
            Files.move(staging, dir(job.id()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jobs.put(job.id(), job);
        return job;
    }

    /**
     * @param id a validated job id
     * @return the job, if there is one
     */
    Optional<Job> get(String id) {
        return Job.isValidId(id) ? Optional.ofNullable(jobs.get(id)) : Optional.empty();
    }

    /** @return every job, newest first */
    List<Job> list() {
        return jobs.values().stream().sorted(Comparator.comparing(Job::createdAt).reversed()).toList();
    }

    /**
     * Records a job's new state (job.json atomically), unless the job was deleted meanwhile.
     *
     * @param job the new state
     * @return whether the job still exists
     */
    synchronized boolean save(Job job) {
        if (!jobs.containsKey(job.id())) {
            return false;
        }
        Json.write(dir(job.id()).resolve(JOB_JSON), job);
        jobs.put(job.id(), job);
        return true;
    }

    /**
     * Writes a job's results, unless it was deleted meanwhile (a deleted job's folder must not
     * come back).
     *
     * @param job the job
     * @param p its prediction, written as prediction.json
     * @param report writes report.html to the file it is given
     * @return whether the job still exists and the results were written
     */
    synchronized boolean writeResults(Job job, Prediction p, Consumer<Path> report) {
        if (!jobs.containsKey(job.id())) {
            return false;
        }
        Json.write(result(job, PREDICTION_JSON), p);
        report.accept(result(job, REPORT_HTML));
        return true;
    }

    /**
     * Removes a job: its upload and results.
     *
     * @param id a validated job id
     * @return whether there was such a job
     */
    synchronized boolean delete(String id) {
        if (get(id).isEmpty()) {
            return false;
        }
        jobs.remove(id);
        try {
            FileTrees.deleteTree(dir(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /**
     * @param job a job
     * @return its upload: {@code input.<ext>}, or the {@code frames} folder of a zip
     */
    Path input(Job job) {
        return dir(job.id()).resolve(job.input().equals("frames") ? "frames" : "input." + job.kind());
    }

    /**
     * @param job a job
     * @param name {@link #PREDICTION_JSON} or {@link #REPORT_HTML}
     * @return the result file
     */
    Path result(Job job, String name) {
        if (!name.equals(PREDICTION_JSON) && !name.equals(REPORT_HTML)) {
            throw new IllegalArgumentException(name);
        }
        return dir(job.id()).resolve(name);
    }

    /**
     * Deletes a job's upload (once it has ended: the results stay, the health data goes).
     *
     * @param job the job
     */
    void deleteInput(Job job) {
        try {
            Path in = input(job);
            if (Files.isDirectory(in)) {
                FileTrees.deleteTree(in);
            } else {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            LOG.warn("job {}: cannot delete its upload: {}", job.id(), e.getMessage());
        }
    }

    /** The folder of a job; the id is checked again, so no other string can reach the file system. */
    private Path dir(String id) {
        if (!Job.isValidId(id)) {
            throw new IllegalArgumentException("not a job id");
        }
        return jobsDir.resolve(UUID.fromString(id).toString());
    }
}
