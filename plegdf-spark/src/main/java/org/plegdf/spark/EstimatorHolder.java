package org.plegdf.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link DepressionEstimator} per JVM and model: the first task on an executor loads it, every
 * later task and partition on that executor reuses it (the estimator serves many threads at once),
 * and it is closed when the JVM exits. Keyed by the model's path and checksum, so a JVM that runs
 * jobs for two models holds both, and a model changed on disk after the job started is refused.
 */
public final class EstimatorHolder {
    private static final Logger LOG = LoggerFactory.getLogger(EstimatorHolder.class);
    private static final Map<String, DepressionEstimator> MODELS = new HashMap<>();
    private static int loads;

    private EstimatorHolder() {}

    /** What {@link #get} found. @param estimator the estimator @param loadSeconds the time this call spent loading, 0 when it was loaded before */
    public record Loaded(DepressionEstimator estimator, double loadSeconds) {}

    /**
     * @param model the model path, as the driver gave it
     * @param checksum its {@link ModelChecksum}, as the driver computed it
     * @return this JVM's estimator for the model, loaded on the first call
     * @throws PlegdfException BAD_MODEL when the model cannot be loaded or is not the one the driver saw
     */
    public static synchronized Loaded get(String model, String checksum) {
        String key = model + "\n" + checksum;
        DepressionEstimator est = MODELS.get(key);
        if (est != null) {
            return new Loaded(est, 0);
        }
        long t0 = System.nanoTime();
        String here = ModelChecksum.of(Path.of(model));
        if (!here.equals(checksum)) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": the model changed since the job started (" + here + ", the job has "
                    + checksum + ")");
        }
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        est = DepressionEstimator.load(Path.of(model));
        MODELS.put(key, est);
        loads++;
        if (MODELS.size() == 1) {
            Runtime.getRuntime().addShutdownHook(new Thread(EstimatorHolder::closeAll, "plegdf-estimators"));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        LOG.info("model {} loaded in {} s", model, String.format(java.util.Locale.ROOT, "%.2f", s));
        return new Loaded(est, s);
    }

    /** @return how many times this JVM has loaded a model */
    public static synchronized int loads() {
        return loads;
    }

    private static synchronized void closeAll() {
        MODELS.values().forEach(DepressionEstimator::close);
        MODELS.clear();
    }
}
