#!/usr/bin/env bash
# A real Spark standalone cluster on this machine from the Maven Central Spark jars (no Spark
# download): a Master, one Worker, executor JVMs of 1 core; then the cluster jar is submitted
# through org.apache.spark.deploy.SparkSubmit, the class spark-submit runs (docs/benchmarks.md,
# "Cohort scoring"). Usage: tools/spark/standalone-cluster.sh MODEL VIDEOS_DIR OUT [EXECUTORS]
# Needs plegdf-spark/target/plegdf-spark-cluster.jar (mvn -B -Pcluster -pl plegdf-spark -am package -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="$1" videos="$2" out="$3" executors="${4:-2}"
target="$root/plegdf-spark/target"
home="$(mktemp -d /tmp/spark-home.XXXXXX)"
trap 'kill ${worker:-} ${master:-} 2>/dev/null || true; rm -rf "$home"' EXIT
# SPARK_HOME/jars: spark-sql and everything it needs, as a cluster's Spark distribution holds them.
mkdir -p "$home/jars" "$home/work"
cat > "$home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>x</groupId>
<artifactId>spark-home</artifactId><version>1</version><dependencies><dependency><groupId>org.apache.spark</groupId>
<artifactId>spark-sql_2.13</artifactId><version>4.0.4</version></dependency></dependencies></project>
POM
(cd "$home" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$home/cp.txt" >&2)
tr ':' '\n' < "$home/cp.txt" | xargs -I{} ln -s {} "$home/jars/"
echo "Spark 4.0.4 from Maven Central" > "$home/RELEASE"   # the Worker's launcher looks for it
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 OMP_WAIT_POLICY=PASSIVE
opts="$(cat "$target/jvm.options")"
# shellcheck disable=SC2086
java -Xmx512m $opts -cp "$home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 18080 > "$home/master.log" 2>&1 &
master=$!
sleep 15
# shellcheck disable=SC2086
java -Xmx512m $opts -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077 --host 127.0.0.1 \
  --cores "$executors" --memory 8g --webui-port 18081 --work-dir "$home/work" > "$home/worker.log" 2>&1 &
worker=$!
sleep 15
uptime
# shellcheck disable=SC2086
java -Xmx2g $opts -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 \
  --class org.plegdf.spark.PlegdfSpark --executor-cores 1 --total-executor-cores "$executors" --executor-memory 3g \
  --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE \
  "$target/plegdf-spark-cluster.jar" score --model "$model" --input "$videos" --out "$out" 2> "$home/driver.log" || { tail -20 "$home/driver.log"; exit 1; }
uptime
grep "plegdf-spark:" "$home/driver.log" || true
grep -h "loaded in" "$home"/work/*/*/stderr || true
