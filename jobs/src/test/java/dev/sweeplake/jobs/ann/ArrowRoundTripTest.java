package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrow IPC in and out with Spark's own Arrow Java: vectors from FixedSizeList&lt;float32&gt; and List&lt;float32&gt;
 * files read in row ranges on the executors (index built from one, queried with the other), search results and bench
 * rows written as Arrow and read back by Arrow Java, and bad files refused with the file, row and types named.
 */
@ExtendWith(SparkExtension.class)
class ArrowRoundTripTest {
    private static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

    /** Writes {@code m} as an Arrow IPC file in batches of {@code batch} rows; {@code fixed}: FixedSizeList, else List. */
    static void write(VectorMatrix m, Path file, boolean fixed, int batch, int badRow) throws IOException {
        int d = m.dimension();
        Field item = new Field("item", FieldType.notNullable(F32), null);
        Field vec = new Field(
                "embedding",
                FieldType.nullable(fixed ? new ArrowType.FixedSizeList(d) : ArrowType.List.INSTANCE),
                List.of(item));
        Schema schema =
                new Schema(List.of(new Field("doc_id", FieldType.notNullable(new ArrowType.Int(64, true)), null), vec));
        try (BufferAllocator alloc = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
                OutputStream os = Files.newOutputStream(file);
                ArrowFileWriter w = new ArrowFileWriter(root, null, Channels.newChannel(os))) {
            w.start();
            for (int s = 0; s < m.size(); s += batch) {
                int n = Math.min(batch, m.size() - s);
                root.allocateNew();
                BigIntVector ids = (BigIntVector) root.getVector("doc_id");
                FieldVector v = root.getVector("embedding");
                for (int i = 0; i < n; i++) {
                    ids.setSafe(i, m.id(s + i));
                    float[] row = m.row(s + i);
                    int len = s + i == badRow ? d - 1 : d;
                    if (v instanceof FixedSizeListVector f) {
                        f.setNotNull(i);
                        Float4Vector data = (Float4Vector) f.getDataVector();
                        for (int j = 0; j < d; j++) {
                            data.setSafe(i * d + j, row[j]);
                        }
                    } else {
                        ListVector l = (ListVector) v;
                        int start = l.startNewValue(i);
                        Float4Vector data = (Float4Vector) l.getDataVector();
                        for (int j = 0; j < len; j++) {
                            data.setSafe(start + j, row[j]);
                        }
                        l.endValue(i, len);
                    }
                }
                if (v instanceof FixedSizeListVector f) {
                    f.getDataVector().setValueCount(n * d);
                }
                root.setRowCount(n);
                w.writeBatch();
            }
            w.end();
        }
    }

    private static VectorSourceConfig arrow(Path file, int from, int to) {
        return new VectorSourceConfig(
                "arrow", file.toString(), "doc_id", "embedding", from, to, 0, List.of(), 1, 0.0, 42L);
    }

    @Test
    void rowRangesOfFixedAndVariableListFilesReadExactly(SparkSession spark, @TempDir Path dir) throws IOException {
        VectorMatrix base = AnnTestData.base();
        for (boolean fixed : new boolean[] {true, false}) {
            Path f = dir.resolve(fixed ? "fixed.arrow" : "list.arrow");
            write(base, f, fixed, 333, -1);
            VectorInput.Source src = VectorInput.load(spark, arrow(f, 100, 1200), "", 64, 3);
            assertEquals(64, src.dimension());
            assertTrue(src.rows().rdd().getNumPartitions() >= 3);
            Map<Long, float[]> got = new HashMap<>();
            for (Row r : src.rows().collectAsList()) {
                float[] v = new float[64];
                List<Float> l = r.getList(1);
                for (int j = 0; j < 64; j++) {
                    v[j] = l.get(j);
                }
                got.put(r.getLong(0), v);
            }
            assertEquals(1100, got.size(), "rows [100, 1200)");
            for (int i = 100; i < 1200; i++) {
                assertArrayEquals(base.row(i), got.get(base.id(i)), "row " + i + (fixed ? " fixed" : " list"));
            }
        }
    }

    @Test
    void indexFromArrowQueriedFromArrowWritesArrowResults(SparkSession spark, @TempDir Path dir) throws IOException {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        VectorMatrix base = AnnTestData.base();
        VectorMatrix queries = AnnTestData.queries();
        Path bf = dir.resolve("base.arrow");
        Path qf = dir.resolve("queries.arrow");
        write(base, bf, true, 500, -1);
        write(queries, qf, false, 64, -1);
        String index = dir.resolve("index").toString();
        AnnBuildJob.build(ctx, AnnTestData.buildConfig("unused", index).withInput(arrow(bf, 0, -1)));
        String out = dir.resolve("results").toString();
        AnnSearchConfig sc = new AnnSearchConfig(
                "../shared/data",
                index,
                arrow(qf, 0, -1),
                out,
                "arrow",
                10,
                new SearchSetting(4, 64, 8, 64),
                2,
                BadRowPolicy.FAIL,
                dev.sweeplake.ann.GpuMode.OFF,
                1.0,
                0);
        AnnSearchJob.execute(ctx, sc);
        assertTrue(Files.exists(Path.of(out, "_SUCCESS")));
        List<Path> parts;
        try (Stream<Path> s = Files.list(Path.of(out))) {
            parts = s.filter(p -> p.toString().endsWith(".arrow")).sorted().toList();
        }
        assertTrue(parts.size() >= 2, "one file per query partition: " + parts);
        Map<Long, Set<Long>> found = new HashMap<>();
        long rows = 0;
        try (BufferAllocator alloc = new RootAllocator()) {
            for (Path p : parts) {
                try (ArrowFileReader r = new ArrowFileReader(Files.newByteChannel(p), alloc)) {
                    assertEquals(ArrowOutput.RESULTS, r.getVectorSchemaRoot().getSchema());
                    while (r.loadNextBatch()) {
                        VectorSchemaRoot root = r.getVectorSchemaRoot();
                        for (int i = 0; i < root.getRowCount(); i++) {
                            long q = ((BigIntVector) root.getVector("query_id")).get(i);
                            int rank = ((IntVector) root.getVector("rank")).get(i);
                            assertTrue(rank >= 1 && rank <= 10);
                            assertTrue(((Float4Vector) root.getVector("distance")).get(i) >= 0);
                            found.computeIfAbsent(q, x -> new HashSet<>())
                                    .add(((BigIntVector) root.getVector("neighbor_id")).get(i));
                            rows++;
                        }
                    }
                }
            }
        }
        assertEquals(queries.size() * 10L, rows);
        SearchResults truth = ExactKnn.search(base, queries, 10, Metric.L2, 2, ProgressListener.NONE);
        long hits = 0;
        for (int q = 0; q < queries.size(); q++) {
            for (int j = 0; j < 10; j++) {
                hits += found.get(queries.id(q)).contains(truth.ids()[q * 10 + j]) ? 1 : 0;
            }
        }
        double recall = hits / (queries.size() * 10.0);
        assertTrue(recall >= 0.97, "recall@10 " + recall);
    }

    @Test
    void benchRowsRoundTrip(@TempDir Path dir) throws IOException {
        BenchRow a = new BenchRow(
                "sweeplake",
                4,
                "kmeans",
                2,
                180,
                10,
                0.962,
                1693.5,
                846.7,
                0.8,
                1.9,
                3.2,
                12.5,
                1_234_567L,
                Map.of("engine", "hnsw", "ef", 20),
                Map.of("shards_per_query", 2.0),
                "cpu",
                "cpu");
        BenchRow b = new BenchRow(
                "mllib-lsh",
                1,
                "none",
                1,
                180,
                10,
                0.951,
                2.28,
                1.14,
                400,
                500,
                600,
                30,
                99L,
                Map.of(),
                Map.of(),
                "cpu",
                "cpu");
        Path f = dir.resolve("rows.arrow");
        ArrowOutput.writeBenchRows(List.of(a, b), f.toString(), new org.apache.hadoop.conf.Configuration());
        try (BufferAllocator alloc = new RootAllocator();
                ArrowFileReader r = new ArrowFileReader(Files.newByteChannel(f), alloc)) {
            assertEquals(ArrowOutput.BENCH_ROWS, r.getVectorSchemaRoot().getSchema());
            assertTrue(r.loadNextBatch());
            VectorSchemaRoot root = r.getVectorSchemaRoot();
            assertEquals(2, root.getRowCount());
            assertEquals(
                    "sweeplake", new String(((VarCharVector) root.getVector("engine")).get(0), StandardCharsets.UTF_8));
            assertEquals(
                    "mllib-lsh", new String(((VarCharVector) root.getVector("engine")).get(1), StandardCharsets.UTF_8));
            assertEquals(0.962, ((Float8Vector) root.getVector("recall_at_k")).get(0));
            assertEquals(1693.5, ((Float8Vector) root.getVector("qps")).get(0));
            assertEquals(1_234_567L, ((BigIntVector) root.getVector("bytes")).get(0));
            assertEquals(10, ((IntVector) root.getVector("k")).get(1));
            String params = new String(((VarCharVector) root.getVector("params")).get(0), StandardCharsets.UTF_8);
            assertTrue(params.contains("\"ef\":20") && params.contains("\"engine\":\"hnsw\""), params);
        }
    }

    @Test
    void badArrowInputIsRefusedWithFileRowAndTypes(SparkSession spark, @TempDir Path dir) throws IOException {
        VectorMatrix base = AnnTestData.base();
        Path list = dir.resolve("bad.arrow");
        write(base, list, false, 400, 777);
        Exception e = assertThrows(
                Exception.class,
                () -> VectorInput.load(spark, arrow(list, 0, -1), "", 64, 2)
                        .rows()
                        .collectAsList());
        String msg = rootMessage(e);
        assertTrue(msg.contains("bad.arrow row 777: vector length must be 64, actual 63"), msg);

        IllegalArgumentException col = assertThrows(
                IllegalArgumentException.class,
                () -> VectorInput.load(
                        spark,
                        new VectorSourceConfig(
                                "arrow", list.toString(), "id", "embedding", 0, -1, 0, List.of(), 1, 0.0, 1),
                        "",
                        0,
                        2));
        assertTrue(
                col.getMessage()
                        .contains("column 'id' (config key 'id_column') must exist, actual columns [doc_id, "
                                + "embedding]"),
                col.getMessage());
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class,
                () -> VectorInput.load(
                        spark,
                        new VectorSourceConfig(
                                "arrow", list.toString(), "doc_id", "doc_id", 0, -1, 0, List.of(), 1, 0.0, 1),
                        "",
                        0,
                        2));
        assertTrue(
                type.getMessage().contains("vector column 'doc_id' must be FixedSizeList<float32> or List<float32>"),
                type.getMessage());
        Path notArrow = dir.resolve("x.arrow");
        Files.writeString(notArrow, "not arrow at all");
        IllegalArgumentException magic = assertThrows(
                IllegalArgumentException.class, () -> VectorInput.load(spark, arrow(notArrow, 0, -1), "", 0, 2));
        assertTrue(magic.getMessage().contains("x.arrow: not an Arrow IPC file"), magic.getMessage());
        IllegalArgumentException dim = assertThrows(
                IllegalArgumentException.class, () -> VectorInput.load(spark, arrow(list, 0, -1), "", 32, 2));
        assertTrue(
                dim.getMessage().contains("vector dimension must be 32 (config key 'dimension'), actual 64"),
                dim.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> VectorInput.load(spark, arrow(dir.resolve("none.arrow"), 0, -1), "", 0, 2));
        assertTrue(missing.getMessage().contains("none.arrow: file must exist, actual missing"), missing.getMessage());
    }

    @Test
    void blankArrowOutIsRefusedBeforeSpark() {
        dev.sweeplake.jobs.testing.CliRunner.Outcome o = dev.sweeplake.jobs.testing.CliRunner.run(
                "ann", "bench", "--config", "../conf/ann/digits-bench.yaml", "--arrow-out", "");
        assertEquals(dev.sweeplake.jobs.cli.Main.EXIT_INPUT, o.code(), o.err());
        assertTrue(o.err().contains("--arrow-out: expected a file path, got ''"), o.err());
    }

    private static String rootMessage(Throwable t) {
        List<String> all = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.add(String.valueOf(c.getMessage()));
        }
        return String.join(" | ", all);
    }
}
