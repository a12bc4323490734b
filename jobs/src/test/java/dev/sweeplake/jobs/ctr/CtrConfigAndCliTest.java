package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.jobs.cli.Main;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config binding and checks, the command line (help, exit codes before Spark starts), and the MLlib feature vectors. */
class CtrConfigAndCliTest {

    static CtrBenchConfig load(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, List.of(), CtrBenchConfig.class);
    }

    static String message(Path dir, String yaml) {
        return assertThrows(ConfigException.class, () -> load(dir, yaml)).getMessage();
    }

    @Test
    void shippedConfigsBind() {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        for (String name : List.of("movielens.yaml", "movielens-sweep.yaml", "synthetic.yaml")) {
            CtrBenchConfig c = ConfigLoader.load(root.resolve("conf/ctr/" + name), List.of(), CtrBenchConfig.class);
            c.checkNotEmpty();
            assertTrue(CtrBenchJob.plan(c).size() + c.baselines().size() >= 2, name);
        }
    }

    @Test
    void badKeysNameTheirPath(@TempDir Path dir) {
        String m = message(dir, "models: [{model: fm, params: {embeding_dim: 8}}]");
        assertTrue(m.contains("models[0].params") && m.contains("embeding_dim"), m);
        m = message(dir, "models: [{model: fm, grid: {embedding_dim: [4, 0]}}]");
        assertTrue(m.contains("models[0].grid") && m.contains("embeddingDim must be in [1, 1024], got 0"), m);
        m = message(dir, "models: [{model: svm}]");
        assertTrue(m.contains("models[0].model") && m.contains("dcnv2"), m);
        m = message(dir, "baselines: [{model: mllib-lr, params: {max_depth: 3}}]");
        assertTrue(m.contains("baselines[0].params.max_depth") && m.contains("mllib-lr does not take 'max_depth'"), m);
        m = message(dir, "baselines: [{model: mllib-fm, params: {solver: lbfgs}}]");
        assertTrue(m.contains("baselines[0].params.solver") && m.contains("[adamW, gd]"), m);
        m = message(dir, "trainer: {threads: 0}\nmodels: [{model: lr}]");
        assertTrue(m.contains("trainer.threads") && m.contains("[1, 256], got 0"), m);
        m = message(dir, "trainer: {adam: sparse}\nmodels: [{model: lr}]");
        assertTrue(m.contains("trainer.adam") && m.contains("sparse") && m.contains("lazy"), m);
        TrainerConfig auto =
                assertDoesNotThrowLoad(dir, "models: [{model: lr}]").trainer();
        assertEquals(TrainerConfig.AdamMode.AUTO, auto.adam());
        // auto: lazy from 4 x (batch size x fields) ids up; 4 x 4096 x 39 = 638,976
        assertTrue(!auto.toTrainerParams(1, 1, 638_975, 4096, 39).lazyAdam());
        assertTrue(auto.toTrainerParams(1, 1, 638_976, 4096, 39).lazyAdam());
        assertTrue(!auto.toTrainerParams(1, 1, 9_727, 4096, 6).lazyAdam()); // MovieLens keeps dense Adam
        assertTrue(!auto.toTrainerParams(1, 1).lazyAdam());
        assertTrue(!auto.withAdam(TrainerConfig.AdamMode.DENSE)
                .toTrainerParams(1, 1, 50_000_000, 4096, 39)
                .lazyAdam());
        assertTrue(auto.withAdam(TrainerConfig.AdamMode.LAZY)
                .toTrainerParams(1, 1, 10, 4096, 39)
                .lazyAdam());
        // the choice reaches the trial task (it was dropped there before)
        var mp = dev.sweeplake.ctr.model.ModelParams.defaults(dev.sweeplake.ctr.model.ModelKind.FM);
        var schema =
                new dev.sweeplake.ctr.data.Schema("label", List.of(dev.sweeplake.ctr.data.FieldSpec.categorical("a")));
        for (boolean lazy : new boolean[] {false, true}) {
            TrialSpec spec = TrialSpec.of(
                    "t", "/x", schema, mp, auto.toTrainerParams(7, 3).withLazyAdam(lazy), "/tmp/export");
            assertEquals(lazy, spec.trainerParams().lazyAdam());
            assertEquals("/tmp/export", spec.exportEncoded());
        }
        CtrBenchConfig exported =
                assertDoesNotThrowLoad(dir, "models: [{model: fm}]\nexport_encoded: /tmp/sweeplake-export");
        assertEquals("/tmp/sweeplake-export", exported.exportEncoded().orElseThrow());
        m = message(dir, "models: [{model: fm}]\nexport_encoded: ' '");
        assertTrue(m.contains("export_encoded"), m);
        m = message(dir, "dataset: {kind: csv, train: a.csv}\nmodels: [{model: lr}]");
        assertTrue(m.contains("dataset.valid"), m);
        CtrBenchConfig empty = assertDoesNotThrowLoad(dir, "dataset: {kind: synthetic}");
        ConfigException e = assertThrows(ConfigException.class, empty::checkNotEmpty);
        assertTrue(e.getMessage().contains("at least one model or baseline"), e.getMessage());
    }

    private static CtrBenchConfig assertDoesNotThrowLoad(Path dir, String yaml) {
        try {
            return load(dir, yaml);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int run(ByteArrayOutputStream out, String... args) {
        PrintStream old = System.out;
        PrintStream oldErr = System.err;
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(ps);
        System.setErr(ps);
        try {
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(ps, true));
            cl.setErr(new java.io.PrintWriter(ps, true));
            return cl.execute(args);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
    }

    @Test
    void commandLine(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "ctr", "--help"));
        assertEquals(0, run(out, "ctr", "bench", "--help"));
        assertEquals(0, run(out, "ctr", "micro", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--data-dir") && help.contains("mllib-gbt") && help.contains("CtrMicroBench"), help);
        assertEquals(Main.EXIT_USAGE, run(new ByteArrayOutputStream(), "ctr"));
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "models: [{model: lr, params: {learning_rate: 2.0}}]");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.EXIT_CONFIG, run(err, "ctr", "bench", "--config", cfg.toString()));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("learningRate must be in (0, 1], got 2.0"),
                err.toString());
        // Missing data: exit 4 from the precheck, before any Spark session exists.
        Files.writeString(cfg, "models: [{model: lr}]");
        err.reset();
        assertEquals(
                Main.EXIT_INPUT,
                run(
                        err,
                        "ctr",
                        "bench",
                        "--config",
                        cfg.toString(),
                        "--data-dir",
                        dir.resolve("nowhere").toString(),
                        "--warehouse",
                        dir.resolve("wh").toString()));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("movielens dataset: folder not found"), err.toString());
        assertTrue(!Files.exists(dir.resolve("wh")));
    }

    @Test
    void microRunsLibCtrBenchReflectivelyAndFailsClearlyWhenAbsent() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> CtrMicroCommand.invoke("dev.sweeplake.ctr.bench.NoSuchBench", new String[0]));
        assertTrue(
                e.getMessage().contains("needs dev.sweeplake.ctr.bench.NoSuchBench.main(String[]) from lib-ctr"),
                e.getMessage());
        // The real class is found and gets the arguments: its own argument check answers.
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> CtrMicroCommand.invoke(CtrMicroCommand.MAIN, new String[] {"--no-such-flag"}));
        assertTrue(bad.getMessage().contains("--no-such-flag"), bad.getMessage());
    }

    @Test
    void mllibVectorsCarryTheEncoderWeights() {
        // Field 0 single-valued (ids 0..2); field 1 a bag with mean-pooling weights and a repeated id.
        EncodedData e = EncodedData.of(
                6,
                new int[][] {{1, 2}, {3, 4, 4, 5}},
                new int[][] {null, {0, 3, 4}},
                new float[][] {null, {1f / 3, 1f / 3, 1f / 3, 1f}},
                new float[] {1f, 0f});
        List<Row> rows = MllibBaselines.rows(e);
        SparseVector v0 = (SparseVector) rows.get(0).get(1);
        assertEquals(1.0, rows.get(0).getDouble(0));
        assertEquals(6, v0.size());
        assertArrayEquals(new int[] {1, 3, 4}, v0.indices());
        assertArrayEquals(new double[] {1, 1.0 / 3, 2.0 / 3}, v0.values(), 1e-6);
        SparseVector v1 = (SparseVector) rows.get(1).get(1);
        assertArrayEquals(new int[] {2, 5}, v1.indices());
        assertArrayEquals(new double[] {1, 1}, v1.values(), 1e-6);
    }

    @Test
    void treeRowsAreFrequencyRanksOneHotBagsAndNumericValues(@TempDir Path dir) throws IOException {
        String train = CtrBadInputTest.HEADER + "\n1,u1,a|b,20\n0,u2,a,40\n1,u1,b,30\n0,u3,,30\n";
        CtrData.Prepared p = CtrData.prepare(null, CtrBadInputTest.csvBench(dir, train, train, train));
        int[] start = MllibBaselines.fieldStarts(p.processor());
        assertEquals(p.processor().fieldSize(0), start[1]);
        List<Row> rows = MllibBaselines.treeRows(p.train(), start, p.processor());
        // user: in-field id by descending frequency (u1 twice -> 1; u2, u3 once -> 2, 3 by value); genres: OOV + a + b
        // one-hot with mean-pooling weights; age: normalised.
        double[] r0 = ((org.apache.spark.ml.linalg.Vector) rows.get(0).get(1)).toArray();
        assertEquals(1 + p.processor().fieldSize(1) + 1, r0.length);
        assertEquals(1.0, r0[0]);
        assertEquals(2.0, ((org.apache.spark.ml.linalg.Vector) rows.get(1).get(1)).toArray()[0]);
        assertEquals(3.0, ((org.apache.spark.ml.linalg.Vector) rows.get(3).get(1)).toArray()[0]);
        assertArrayEquals(new double[] {0, 0.5, 0.5}, java.util.Arrays.copyOfRange(r0, 1, 4), 1e-6);
        assertEquals((20 - 30) / Math.sqrt(50), r0[4], 1e-5); // mean 30, population std sqrt(50)
    }

    @Test
    void resourceProfileOnlyOnClusterMastersInAutoMode() {
        assertTrue(LibCtrTrials.useResourceProfile(TrainerConfig.ResourceProfileMode.AUTO, "spark://h:7077"));
        assertTrue(!LibCtrTrials.useResourceProfile(TrainerConfig.ResourceProfileMode.AUTO, "local[4]"));
        assertTrue(LibCtrTrials.useResourceProfile(TrainerConfig.ResourceProfileMode.ALWAYS, "local[4]"));
        assertTrue(!LibCtrTrials.useResourceProfile(TrainerConfig.ResourceProfileMode.NEVER, "yarn"));
    }
}
