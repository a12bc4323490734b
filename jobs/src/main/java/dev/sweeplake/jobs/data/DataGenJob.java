package dev.sweeplake.jobs.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.util.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code sweeplake data gen}: writes a seeded clustered vector set (Parquet, fvecs, Arrow IPC) or a Criteo-shaped CTR
 * set (Parquet train/valid/test splits) with Spark, every partition generating its own rows. Layouts:
 *
 * <ul>
 *   <li>vectors: {@code OUT/base.parquet/}, {@code OUT/queries.parquet/} (columns {@code id} long, {@code vector}
 *       array&lt;float&gt;), {@code OUT/base.fvecs}, {@code OUT/queries.fvecs} (each partition writes its own byte
 *       range), {@code OUT/base.arrow/part-NNNNN.arrow} (Arrow IPC files: {@code id} int64, {@code vector}
 *       FixedSizeList&lt;float32&gt;[dimension]);</li>
 *   <li>ctr: {@code OUT/train/}, {@code OUT/valid/}, {@code OUT/test/} (columns {@code label} int, {@code I1..In} double,
 *       {@code C1..Cm} string, {@code planted_p} double);</li>
 *   <li>both: {@code OUT/_GENERATED.json} (the resolved config and the figures below), written last.</li>
 * </ul>
 */
public final class DataGenJob {
    public static final String MARKER = "_GENERATED.json";

    private DataGenJob() {}

    /** What was written. */
    public record Result(
            String runId,
            DataGenConfig.Kind kind,
            String output,
            Map<String, Long> rows,
            long bytes,
            double seconds,
            Map<String, Double> figures)
            implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("run_id", runId);
            o.put("kind", kind.name().toLowerCase(Locale.ROOT));
            o.put("output", output);
            ObjectNode r = o.putObject("rows");
            rows.forEach(r::put);
            o.put("bytes", bytes);
            o.put("seconds", seconds);
            figures.forEach(o::put);
            return o;
        }

        @Override
        public void print(Console console) {
            console.println(String.format(
                    Locale.ROOT,
                    "generated %s in %s: rows %s, %,d bytes, %.1f s",
                    kind.name().toLowerCase(Locale.ROOT),
                    output,
                    rows,
                    bytes,
                    seconds));
            figures.forEach((k, v) -> console.println(String.format(Locale.ROOT, "  %s = %.5f", k, v)));
        }
    }

    /** Checks that need no Spark: local output folder absent (or overwrite), local paths for fvecs and Arrow. */
    public static void precheck(DataGenConfig c) {
        boolean local = isLocal(c.output());
        if ((c.formats().contains("fvecs") || c.formats().contains("arrow")) && !local) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "output: fvecs and arrow need a local path that every executor sees (file:/... or a plain path), got %s",
                    c.output()));
        }
        if (local && !c.overwrite() && Files.exists(java.nio.file.Path.of(localPath(c.output())))) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "output: %s must not exist (set overwrite: true to replace it), actual exists",
                    c.output()));
        }
    }

    static boolean isLocal(String path) {
        return !path.contains("://") || path.startsWith("file:");
    }

    static String localPath(String path) {
        return path.startsWith("file://") ? path.substring(7) : path.startsWith("file:") ? path.substring(5) : path;
    }

    public static Result run(JobContext ctx, DataGenConfig c) {
        precheck(c);
        SparkSession spark = ctx.spark();
        Path out = new Path(c.output());
        FileSystem fs;
        try {
            fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(out)) {
                if (!c.overwrite()) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "output: %s must not exist (set overwrite: true to replace it), actual exists",
                            c.output()));
                }
                fs.delete(out, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checking output " + c.output(), e);
        }
        return TrackedRun.run(ctx, "data gen", c, run -> {
            long t0 = System.nanoTime();
            Map<String, Long> rows = new LinkedHashMap<>();
            Map<String, Double> figures = new LinkedHashMap<>();
            if (c.kind() == DataGenConfig.Kind.VECTORS) {
                generateVectors(ctx, c, rows);
            } else {
                generateCtr(ctx, c, rows, figures);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long bytes;
            try {
                bytes = fs.getContentSummary(out).getLength();
                Result partial = new Result(run.runId(), c.kind(), c.output(), rows, bytes, seconds, figures);
                ObjectNode marker = partial.toJson();
                marker.set("config", dev.sweeplake.jobs.config.ConfigBinder.toTree(c));
                try (OutputStream o = fs.create(new Path(out, MARKER), true)) {
                    o.write(marker.toPrettyString().getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + c.output() + "/" + MARKER, e);
            }
            return new Result(run.runId(), c.kind(), c.output(), rows, bytes, seconds, figures);
        });
    }

    private static void generateVectors(JobContext ctx, DataGenConfig c, Map<String, Long> rows) {
        DataGenConfig.VectorGen p = c.vectors();
        ClusteredVectors gen = new ClusteredVectors(p, c.seed());
        List<String[]> sets = new ArrayList<>();
        sets.add(new String[] {"base", Long.toString(p.rows())});
        if (p.queries() > 0) {
            sets.add(new String[] {"queries", Long.toString(p.queries())});
        }
        for (String[] s : sets) {
            String name = s[0];
            long n = Long.parseLong(s[1]);
            boolean query = name.equals("queries");
            int parts = c.partitionsFor(n);
            rows.put(name, n);
            if (c.formats().contains("parquet")) {
                ctx.phase(
                        "data-gen-" + name + "-parquet",
                        String.format(
                                Locale.ROOT,
                                "data gen: %,d x %d %s vectors -> Parquet (%d partitions)",
                                n,
                                p.dimension(),
                                name,
                                parts));
                vectorRows(ctx.spark(), gen, query, n, parts)
                        .write()
                        .mode(SaveMode.ErrorIfExists)
                        .parquet(c.output() + "/" + name + ".parquet");
            }
            if (c.formats().contains("fvecs")) {
                ctx.phase(
                        "data-gen-" + name + "-fvecs",
                        String.format(
                                Locale.ROOT,
                                "data gen: %,d x %d %s vectors -> fvecs (%d partitions)",
                                n,
                                p.dimension(),
                                name,
                                parts));
                VectorFileWriters.fvecs(
                        ctx.spark(), gen, query, n, parts, localPath(c.output()) + "/" + name + ".fvecs");
            }
            if (c.formats().contains("arrow")) {
                ctx.phase(
                        "data-gen-" + name + "-arrow",
                        String.format(
                                Locale.ROOT,
                                "data gen: %,d x %d %s vectors -> Arrow IPC (%d partitions)",
                                n,
                                p.dimension(),
                                name,
                                parts));
                VectorFileWriters.arrow(
                        ctx.spark(), gen, query, n, parts, localPath(c.output()) + "/" + name + ".arrow");
            }
        }
    }

    static final StructType VECTOR_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)
    });

    static Dataset<Row> vectorRows(SparkSession spark, ClusteredVectors gen, boolean query, long n, int parts) {
        int dim = gen.dimension();
        MapPartitionsFunction<Long, Row> f = (Iterator<Long> ids) -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next();
                float[] v = new float[dim];
                if (query) {
                    gen.query(id, v);
                } else {
                    gen.base(id, v);
                }
                return RowFactory.create(id, v);
            }
        };
        return spark.range(0, n, 1, parts).as(Encoders.LONG()).mapPartitions(f, Encoders.row(VECTOR_SCHEMA));
    }

    private static void generateCtr(
            JobContext ctx, DataGenConfig c, Map<String, Long> rows, Map<String, Double> figures) {
        DataGenConfig.CtrGen p = c.ctr();
        CriteoShaped gen = new CriteoShaped(p, c.seed());
        String[] names = {"train", "valid", "test"};
        long[] counts = {p.trainRows(), p.validRows(), p.testRows()};
        for (int s = 0; s < 3; s++) {
            int parts = c.partitionsFor(counts[s]);
            rows.put(names[s], counts[s]);
            ctx.phase(
                    "data-gen-ctr-" + names[s],
                    String.format(
                            Locale.ROOT,
                            "data gen: %,d Criteo-shaped %s rows -> Parquet (%d partitions)",
                            counts[s],
                            names[s],
                            parts));
            CtrRows.rows(ctx.spark(), gen, s, counts[s], parts)
                    .write()
                    .mode(SaveMode.ErrorIfExists)
                    .parquet(c.output() + "/" + names[s]);
        }
        ctx.phase("data-gen-ctr-bayes", "data gen: best achievable AUC of the test split (the planted probability)");
        figures.putAll(CtrRows.bayesAuc(ctx.spark().read().parquet(c.output() + "/test")));
    }
}
