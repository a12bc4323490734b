package dev.sweeplake.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.io.VectorReaders;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.ctr.CtrBenchConfig;
import dev.sweeplake.jobs.ctr.CtrBenchJob;
import dev.sweeplake.jobs.ctr.CtrBenchResult;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class DataGenJobTest {

    private static DataGenConfig vectors(Path out, long seed) {
        return new DataGenConfig(
                DataGenConfig.Kind.VECTORS,
                out.toString(),
                seed,
                3,
                false,
                List.of("parquet", "fvecs", "arrow"),
                new DataGenConfig.VectorGen(2_000, 50, 16, 4, 8, 0.3, 1.0, 0.01),
                DataGenConfig.CtrGen.defaults());
    }

    /** Every data file under {@code dir} by its path with Spark's random file-name part removed, and its bytes. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString();
                if (rel.contains(DataGenJob.MARKER) || rel.contains("_SUCCESS")) {
                    continue;
                }
                out.put(
                        rel.replaceAll("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", ""),
                        Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void assertSameBytes(Map<String, byte[]> a, Map<String, byte[]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void vectorsSameSeedSameBytesInEveryFormat(SparkSession spark, @TempDir Path dir) throws Exception {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        DataGenJob.Result r1 = DataGenJob.run(ctx, vectors(dir.resolve("a"), 5));
        DataGenJob.run(ctx, vectors(dir.resolve("b"), 5));
        Map<String, byte[]> a = files(dir.resolve("a"));
        assertTrue(
                a.keySet().stream()
                                .filter(k -> k.startsWith("base.parquet/part-") && k.endsWith(".parquet"))
                                .count()
                        == 3,
                a.keySet().toString());
        assertTrue(
                a.containsKey("base.fvecs") && a.containsKey("queries.arrow/part-00002.arrow"),
                a.keySet().toString());
        assertSameBytes(a, files(dir.resolve("b")));
        // (another seed gives other vectors: DataGenParamsTest, without Spark)
        assertEquals(Map.of("base", 2_000L, "queries", 50L), r1.rows());
        JsonNode marker = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("a").resolve(DataGenJob.MARKER).toFile());
        assertEquals(16, marker.get("config").get("vectors").get("dimension").asInt());

        // The three formats hold the same vectors, and they are the generator's.
        VectorMatrix fvecs = VectorReaders.readFvecs(dir.resolve("a/base.fvecs"));
        assertEquals(2_000, fvecs.size());
        ClusteredVectors gen = new ClusteredVectors(vectors(dir, 5).vectors(), 5);
        float[] v = new float[16];
        gen.base(1234, v);
        assertArrayEquals(v, java.util.Arrays.copyOfRange(fvecs.data(), 1234 * 16, 1235 * 16));
        Row row = spark.read()
                .parquet(dir.resolve("a/base.parquet").toString())
                .where("id = 1234")
                .first();
        List<Float> pv = row.getList(1);
        for (int j = 0; j < 16; j++) {
            assertEquals(v[j], pv.get(j));
        }
        long arrowRows = 0;
        boolean found = false;
        for (int part = 0; part < 3; part++) {
            Path f = dir.resolve(String.format("a/base.arrow/part-%05d.arrow", part));
            try (RootAllocator alloc = new RootAllocator();
                    FileChannel ch = FileChannel.open(f);
                    ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                assertEquals(VectorFileWriters.arrowSchema(16), root.getSchema());
                while (reader.loadNextBatch()) {
                    arrowRows += root.getRowCount();
                    org.apache.arrow.vector.BigIntVector ids =
                            (org.apache.arrow.vector.BigIntVector) root.getVector("id");
                    FixedSizeListVector list = (FixedSizeListVector) root.getVector("vector");
                    org.apache.arrow.vector.Float4Vector vals =
                            (org.apache.arrow.vector.Float4Vector) list.getDataVector();
                    for (int i = 0; i < root.getRowCount(); i++) {
                        if (ids.get(i) == 1234) {
                            found = true;
                            for (int j = 0; j < 16; j++) {
                                assertEquals(v[j], vals.get(i * 16 + j));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(2_000, arrowRows);
        assertTrue(found);
    }

    @Test
    void existingOutputIsRefusedBeforeAnyWork(SparkSession spark, @TempDir Path dir) throws Exception {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "x");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DataGenJob.run(ctx, vectors(out, 1)));
        assertTrue(e.getMessage().contains("must not exist"), e.getMessage());
        assertTrue(Files.exists(out.resolve("keep.txt")));
        assertFalse(Files.exists(dir.resolve("wh/runs")), "nothing recorded for a refused run");
    }

    @Test
    void criteoShapedSplitsAreDeterministicAndCtrBenchReadsThem(SparkSession spark, @TempDir Path dir)
            throws Exception {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        DataGenConfig.CtrGen p =
                new DataGenConfig.CtrGen(6_000, 1_000, 2_000, 3, List.of(40, 3, 50_000), 1.1, -1.0, 0.8, 0.5, 2, 0.3);
        DataGenConfig c = new DataGenConfig(
                DataGenConfig.Kind.CTR,
                dir.resolve("a").toString(),
                9,
                2,
                false,
                List.of("parquet"),
                DataGenConfig.VectorGen.defaults(),
                p);
        DataGenJob.Result r = DataGenJob.run(ctx, c);
        DataGenJob.run(
                ctx,
                new DataGenConfig(
                        DataGenConfig.Kind.CTR,
                        dir.resolve("b").toString(),
                        9,
                        2,
                        false,
                        List.of("parquet"),
                        DataGenConfig.VectorGen.defaults(),
                        p));
        assertSameBytes(files(dir.resolve("a")), files(dir.resolve("b")));
        double bayes = r.figures().get("bayes_auc_test");
        double expected = r.figures().get("bayes_auc_expected");
        assertTrue(
                bayes > 0.6 && bayes < 1.0 && Math.abs(bayes - expected) < 0.05,
                r.figures().toString());
        assertEquals(
                List.of("label", "I1", "I2", "I3", "C1", "C2", "C3", "planted_p"),
                List.of(spark.read().parquet(dir.resolve("a/train").toString()).columns()));

        String yaml = """
        dataset:
          kind: parquet
          name: criteo-shaped-test
          train: "%1$s/train"
          valid: "%1$s/valid"
          test: "%1$s/test"
          label: label
          fields: [{name: I1, type: numeric}, {name: I2, type: numeric}, {name: I3, type: numeric},
                   {name: C1, type: categorical}, {name: C2, type: categorical}, {name: C3, type: categorical}]
        trainer: {max_epochs: 2, threads: 1, parallel_trials: 1}
        models:
          - model: lr
            params: {batch_size: 256, learning_rate: 0.01}
        baselines: []
        """.formatted(dir.resolve("a"));
        Path f = dir.resolve("bench.yaml");
        Files.writeString(f, yaml);
        CtrBenchConfig bc = ConfigLoader.load(f, List.of(), CtrBenchConfig.class);
        CtrBenchResult br = CtrBenchJob.run(ctx, bc);
        double auc = br.toJson().get("rows").get(0).get("test_auc").asDouble();
        assertTrue(auc > 0.55 && auc <= bayes + 0.01, "lib-ctr LR test AUC " + auc + ", best achievable " + bayes);
    }
}
