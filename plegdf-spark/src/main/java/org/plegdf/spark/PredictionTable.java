package org.plegdf.spark;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.plegdf.util.AtomicFiles;

/** Writes OUT/predictions.csv and OUT/predictions.parquet (one Parquet file), each under a temporary name first, then renamed. */
public final class PredictionTable {
    /** The Parquet schema, in {@link PredictionRow#COLUMNS} order. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("video_id", DataTypes.StringType, false), field("path", DataTypes.StringType, false), field("status", DataTypes.StringType, false),
        field("score", DataTypes.DoubleType, true), field("band", DataTypes.StringType, true), field("interval_low", DataTypes.DoubleType, true),
        field("interval_high", DataTypes.DoubleType, true), field("frames_used", DataTypes.IntegerType, true),
        field("error", DataTypes.StringType, true), field("model", DataTypes.StringType, false),
        field("model_checksum", DataTypes.StringType, false), field("processing_s", DataTypes.DoubleType, false)});
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private PredictionTable() {}

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    /**
     * @param out the output folder
     * @param rows one per video, in input order
     * @throws IOException when the folder cannot be written
     */
    public static void writeCsv(Path out, List<PredictionRow> rows) throws IOException {
        AtomicFiles.write(out.resolve("predictions.csv"), os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSV);
            p.printRecord(PredictionRow.COLUMNS);
            for (PredictionRow r : rows) {
                p.printRecord(r.csvValues());
            }
            p.flush();
        });
    }

    /**
     * Writes the rows as one Parquet file with Spark's writer (a single task).
     *
     * @param spark the session
     * @param out the output folder (on a cluster: storage the executors and the driver share)
     * @param rows one per video, in input order
     * @throws IOException when the folder cannot be written
     */
    public static void writeParquet(SparkSession spark, Path out, List<PredictionRow> rows) throws IOException {
        Path tmp = out.resolve(".predictions.parquet.tmp-" + ProcessHandle.current().pid());
        org.plegdf.util.FileTrees.deleteTree(tmp);
        List<Row> data = rows.stream().map(r -> RowFactory.create(r.values().toArray())).toList();
        try {
            spark.createDataFrame(data, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(tmp.toUri().toString());
            Path part;
            try (Stream<Path> s = Files.list(tmp)) {
                part = s.filter(p -> p.getFileName().toString().startsWith("part-") && p.getFileName().toString().endsWith(".parquet"))
                        .findFirst().orElseThrow(() -> new IOException(tmp + ": Spark wrote no Parquet file"));
            }
            Path target = out.resolve("predictions.parquet");
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            org.plegdf.util.FileTrees.deleteTree(tmp);
        }
    }
}
