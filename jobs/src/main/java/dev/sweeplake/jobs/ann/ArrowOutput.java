package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.jobs.config.ConfigLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;

/**
 * Results as Arrow IPC files (the random-access file format, readable by {@code pyarrow.ipc.open_file},
 * {@code pyarrow.feather.read_table}, {@code pandas.read_feather}, {@code pyarrow.dataset.dataset(dir, format="arrow")}).
 * Schemas (field by field, in order):
 * <ul>
 *   <li>{@link #RESULTS}, {@code ann search} with {@code output_format: arrow}: a folder of {@code part-NNNNN.arrow}
 *       files (one per query partition, written by the executors; a retried task rewrites its own file) and
 *       {@code _SUCCESS} last: {@code query_id int64, rank int32 (1 = nearest), neighbor_id int64, distance float32}.</li>
 *   <li>{@link #BENCH_ROWS}, {@code ann bench --arrow-out FILE}: one file, one row per engine and search setting:
 *       {@code engine utf8, shards int32, sharding utf8, nprobe int32, queries int64, k int32, recall_at_k float64,
 *       qps float64, qps_per_core float64, p50_ms float64, p95_ms float64, p99_ms float64, build_s float64,
 *       bytes int64, params utf8 (JSON), extra utf8 (JSON), device utf8, built_on utf8}.</li>
 * </ul>
 * No field is nullable. Stateless; thread-safe.
 */
public final class ArrowOutput {
    /** Rows per record batch of a search result file. */
    static final int BATCH_ROWS = 64 * 1024;

    public static final Schema RESULTS = new Schema(List.of(
            notNull("query_id", new ArrowType.Int(64, true)),
            notNull("rank", new ArrowType.Int(32, true)),
            notNull("neighbor_id", new ArrowType.Int(64, true)),
            notNull("distance", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));

    public static final Schema BENCH_ROWS = new Schema(List.of(
            notNull("engine", ArrowType.Utf8.INSTANCE),
            notNull("shards", new ArrowType.Int(32, true)),
            notNull("sharding", ArrowType.Utf8.INSTANCE),
            notNull("nprobe", new ArrowType.Int(32, true)),
            notNull("queries", new ArrowType.Int(64, true)),
            notNull("k", new ArrowType.Int(32, true)),
            dbl("recall_at_k"),
            dbl("qps"),
            dbl("qps_per_core"),
            dbl("p50_ms"),
            dbl("p95_ms"),
            dbl("p99_ms"),
            dbl("build_s"),
            notNull("bytes", new ArrowType.Int(64, true)),
            notNull("params", ArrowType.Utf8.INSTANCE),
            notNull("extra", ArrowType.Utf8.INSTANCE),
            notNull("device", ArrowType.Utf8.INSTANCE),
            notNull("built_on", ArrowType.Utf8.INSTANCE)));

    private ArrowOutput() {}

    /** Writes the search batches as {@code dir/part-NNNNN.arrow} (executors), then {@code dir/_SUCCESS} (driver). */
    static void writeResults(JavaRDD<ShardedSearch.Batch> batches, int k, String dir, Configuration conf) {
        Path out = new Path(dir);
        try {
            FileSystem fs = out.getFileSystem(conf);
            if (fs.exists(out)) {
                fs.delete(out, true);
            }
            fs.mkdirs(out);
        } catch (IOException e) {
            throw new UncheckedIOException("output " + dir + ": cannot be prepared", e);
        }
        var sconf = new org.apache.spark.util.SerializableConfiguration(conf);
        batches.foreachPartition(it -> {
            int part = org.apache.spark.TaskContext.getPartitionId();
            Path p = new Path(dir, String.format(Locale.ROOT, "part-%05d.arrow", part));
            FileSystem fs = p.getFileSystem(sconf.value());
            try (OutputStream os = fs.create(p, true);
                    BufferAllocator alloc = new RootAllocator();
                    VectorSchemaRoot root = VectorSchemaRoot.create(RESULTS, alloc);
                    ArrowFileWriter w = new ArrowFileWriter(root, null, Channels.newChannel(os))) {
                w.start();
                BigIntVector q = (BigIntVector) root.getVector("query_id");
                IntVector rank = (IntVector) root.getVector("rank");
                BigIntVector nb = (BigIntVector) root.getVector("neighbor_id");
                Float4Vector dist = (Float4Vector) root.getVector("distance");
                int n = 0;
                root.allocateNew();
                while (it.hasNext()) {
                    ShardedSearch.Batch b = it.next();
                    for (int i = 0; i < b.queryIds().length; i++) {
                        for (int r = 0; r < k; r++) {
                            long id = b.ids()[i * k + r];
                            if (id == SearchResults.NO_ID) {
                                continue;
                            }
                            q.setSafe(n, b.queryIds()[i]);
                            rank.setSafe(n, r + 1);
                            nb.setSafe(n, id);
                            dist.setSafe(n, b.distances()[i * k + r]);
                            if (++n == BATCH_ROWS) {
                                root.setRowCount(n);
                                w.writeBatch();
                                root.allocateNew();
                                n = 0;
                            }
                        }
                    }
                }
                if (n > 0) {
                    root.setRowCount(n);
                    w.writeBatch();
                }
                w.end();
            }
        });
        try {
            Path ok = new Path(dir, "_SUCCESS");
            out.getFileSystem(conf).create(ok, true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("output " + dir + ": cannot write _SUCCESS", e);
        }
    }

    /** Writes the bench rows as one Arrow IPC file (driver). */
    public static void writeBenchRows(List<BenchRow> rows, String file, Configuration conf) {
        Path p = new Path(file);
        try (BufferAllocator alloc = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(BENCH_ROWS, alloc)) {
            root.allocateNew();
            for (int i = 0; i < rows.size(); i++) {
                BenchRow r = rows.get(i);
                str(root, "engine", i, r.engine());
                ((IntVector) root.getVector("shards")).setSafe(i, r.shards());
                str(root, "sharding", i, r.sharding());
                ((IntVector) root.getVector("nprobe")).setSafe(i, r.nprobe());
                ((BigIntVector) root.getVector("queries")).setSafe(i, r.queries());
                ((IntVector) root.getVector("k")).setSafe(i, r.k());
                ((Float8Vector) root.getVector("recall_at_k")).setSafe(i, r.recall());
                ((Float8Vector) root.getVector("qps")).setSafe(i, r.qps());
                ((Float8Vector) root.getVector("qps_per_core")).setSafe(i, r.qpsPerCore());
                ((Float8Vector) root.getVector("p50_ms")).setSafe(i, r.p50Ms());
                ((Float8Vector) root.getVector("p95_ms")).setSafe(i, r.p95Ms());
                ((Float8Vector) root.getVector("p99_ms")).setSafe(i, r.p99Ms());
                ((Float8Vector) root.getVector("build_s")).setSafe(i, r.buildS());
                ((BigIntVector) root.getVector("bytes")).setSafe(i, r.bytes());
                str(root, "params", i, ConfigLoader.toJson(r.params()));
                str(root, "extra", i, ConfigLoader.toJson(r.extra()));
                str(root, "device", i, r.device() == null ? "cpu" : r.device());
                str(root, "built_on", i, r.builtOn() == null ? "cpu" : r.builtOn());
            }
            root.setRowCount(rows.size());
            FileSystem fs = p.getFileSystem(conf);
            try (OutputStream os = fs.create(p, true);
                    ArrowFileWriter w = new ArrowFileWriter(root, null, Channels.newChannel(os))) {
                w.start();
                w.writeBatch();
                w.end();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--arrow-out " + file + ": cannot write the bench rows", e);
        }
    }

    private static void str(VectorSchemaRoot root, String name, int i, String v) {
        ((VarCharVector) root.getVector(name)).setSafe(i, v.getBytes(StandardCharsets.UTF_8));
    }

    private static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    private static Field dbl(String name) {
        return notNull(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }
}
