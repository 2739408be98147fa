package org.plegdf.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** Starts the Spark session a command runs on. */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * @param app the application name
     * @param master the master URL; null = spark-submit's, or local[*] when run directly
     * @param conf extra Spark settings
     * @param progress Spark's console progress bar (local mode only)
     * @return the session; close it when done
     */
    public static SparkSession start(String app, String master, Map<String, String> conf, boolean progress) {
        // spark-submit hands its --master to the application as the spark.master system property.
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        SparkSession.Builder b = SparkSession.builder().appName(app).master(m);
        if (m.startsWith("local")) {
            // A laptop or one machine: no web UI on a port, a progress bar on the terminal instead.
            b.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", String.valueOf(progress));
        } else if (System.getProperty("spark.jars") == null && !conf.containsKey("spark.jars")) {
            // bin/plegdf-spark --master URL: this JVM is the driver; the executors need our classes.
            String jar = System.getProperty("plegdf.spark.clusterJar");
            if (jar == null) {
                throw new PlegdfException(ExitCodes.USAGE, "--master " + m + ": the executors need plegdf-spark-cluster.jar; build it with "
                        + "`mvn -B -Pcluster -pl plegdf-spark -am package -DskipTests`, or use spark-submit (README, Cohort scoring)");
            }
            b.config("spark.jars", jar);
        }
        conf.forEach(b::config);
        return b.getOrCreate();
    }
}
