package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU settings of the ANN jobs in local mode (the device comes from the configuration) and the driver-side checks. The
 * stage-level GPU requests and the addresses Spark hands out are tested on a standalone cluster in {@code GpuClusterIT}.
 */
@ExtendWith(SparkExtension.class)
class GpuTasksTest {

    @Test
    void autoTakesTheConfiguredDeviceFallsBackToTheCpuAndRecordsIt(SparkSession spark, @TempDir Path dir) {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        String base = AnnTestData.writeParquet(spark, AnnTestData.base(), dir, "base");
        String queries = AnnTestData.writeParquet(spark, AnnTestData.queries(), dir, "queries");
        String cpuIndex = dir.resolve("cpu-index").toString();
        String gpuIndex = dir.resolve("gpu-index").toString();
        AnnBuildJob.Result cpu = AnnBuildJob.run(ctx, AnnTestData.buildConfig(base, cpuIndex));
        AnnBuildJob.Result auto =
                AnnBuildJob.run(ctx, AnnTestData.buildConfig(base, gpuIndex).withGpu(GpuMode.AUTO, 1.0, 1));

        // No GPU engine here: auto builds the same shards on the CPU, byte for byte.
        for (int s = 0; s < 4; s++) {
            IndexManifest.ShardEntry c = cpu.manifest().shards().get(s);
            IndexManifest.ShardEntry g = auto.manifest().shards().get(s);
            assertEquals(c.crc32c(), g.crc32c(), "shard " + s);
            assertEquals("cpu", c.device());
            assertEquals("gpu:1", g.device(), "local mode takes the device from the configuration");
            assertEquals("cpu", g.builtOn());
        }
        IndexManifest reread = IndexManifest.read(gpuIndex, spark.sparkContext().hadoopConfiguration());
        assertEquals("gpu:1", reread.shards().get(0).device(), "the manifest keeps each shard's device");
        assertEquals("gpu:1", auto.toJson().get("shard_devices").get(0).asText());
        assertEquals("spark device=gpu:1 built_on=cpu", executorOf(ctx, auto.runId()));
        assertEquals("spark device=cpu built_on=cpu", executorOf(ctx, cpu.runId()));

        AnnSearchConfig off = AnnBuildSearchTest.searchConfig(
                cpuIndex, queries, dir.resolve("r-cpu").toString(), 2);
        AnnSearchConfig on = AnnBuildSearchTest.searchConfig(
                        gpuIndex, queries, dir.resolve("r-gpu").toString(), 2)
                .withGpu(GpuMode.AUTO, 0.5, 1);
        AnnSearchJob.Result rc = AnnSearchJob.run(ctx, off);
        AnnSearchJob.Result rg = AnnSearchJob.run(ctx, on);
        assertEquals("cpu", rc.devices());
        assertEquals("gpu:1", rg.devices());
        assertEquals("spark device=gpu:1", executorOf(ctx, rg.runId()));
        assertEquals(
                sortedRows(spark, dir.resolve("r-cpu")),
                sortedRows(spark, dir.resolve("r-gpu")),
                "gpu: auto must give the CPU run's neighbours and distances");
    }

    @Test
    void benchRowsCarryTheDevice(SparkSession spark, @TempDir Path dir) {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        String base = AnnTestData.writeParquet(spark, AnnTestData.base(), dir, "base");
        String queries = AnnTestData.writeParquet(spark, AnnTestData.queries(), dir, "queries");
        AnnBenchConfig d = AnnBenchConfig.defaults();
        AnnBenchConfig cfg = new AnnBenchConfig(
                d.dataDir(),
                VectorSourceConfig.defaults().withPath(base),
                VectorSourceConfig.defaults().withPath(queries),
                "",
                true,
                d.build().withSharding(Sharding.KMEANS, 2).withGpu(GpuMode.AUTO, 1.0, 0),
                10,
                List.of(new SearchSetting(2, 32, 8, 0)),
                1,
                2,
                List.of("sweeplake"),
                d.lsh(),
                "",
                false,
                "gpu-bench");
        AnnBenchJob.Result r = AnnBenchJob.run(ctx, cfg);
        BenchRow row = r.rows().get(0);
        assertEquals("gpu:0", row.device());
        assertEquals("cpu", row.builtOn());
        assertTrue(row.recall() >= 0.97, "recall " + row.recall());
        assertEquals("gpu:0", r.toJson().get("rows").get(0).get("device").asText());
        assertEquals("spark device=gpu:0 built_on=cpu", executorOf(ctx, r.runId()));
    }

    @Test
    void requiredFailsBeforeTheCommitWhenLibAnnBuiltOnTheCpu(SparkSession spark, @TempDir Path dir) {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        String base = AnnTestData.writeParquet(spark, AnnTestData.base(), dir, "base");
        String out = dir.resolve("index").toString();
        AnnBuildConfig cfg = AnnTestData.buildConfig(base, out).withGpu(GpuMode.REQUIRED, 1.0, 0);
        String m = assertThrows(IllegalStateException.class, () -> AnnBuildJob.build(ctx, cfg))
                .getMessage();
        assertTrue(m.contains("gpu: required, but lib-ann built shard 0 on the CPU (task device gpu:0"), m);
        assertFalse(Files.exists(Path.of(out, IndexManifest.FILE_NAME)), "nothing committed");
    }

    @Test
    void badGpuKeysAreRefusedWithTheKeyTheRangeAndTheValue() {
        String m = assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.load(
                                null,
                                List.of("input.path=base.fvecs", "output=out", "gpu=sometimes"),
                                AnnBuildConfig.class))
                .getMessage();
        assertTrue(m.contains("gpu") && m.contains("sometimes"), m);
        m = assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.load(
                                null,
                                List.of("input.path=base.fvecs", "output=out", "gpus_per_task=0.7"),
                                AnnBuildConfig.class))
                .getMessage();
        assertTrue(m.contains("gpus_per_task") && m.contains("(0, 0.5]") && m.contains("0.7"), m);
        m = assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.load(null, List.of("device=-1"), AnnSearchConfig.class))
                .getMessage();
        assertTrue(m.contains("device") && m.contains("[0, 1023]") && m.contains("-1"), m);
        m = assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.load(null, List.of("build.gpus_per_task=2"), AnnBenchConfig.class))
                .getMessage();
        assertTrue(m.contains("build.gpus_per_task") && m.contains("2"), m);
        AnnBuildConfig ok = ConfigLoader.load(
                null,
                List.of("input.path=base.fvecs", "output=out", "gpu=auto", "gpus_per_task=0.25", "device=3"),
                AnnBuildConfig.class);
        assertEquals(GpuMode.AUTO, ok.gpu());
        assertEquals(0.25, ok.gpusPerTask());
        assertEquals(3, ok.device());
        assertEquals(GpuMode.OFF, AnnSearchConfig.defaults().gpu());
        // YAML 1.1 reads an unquoted off as false: it still means gpu: off (the shipped configs write it so).
        AnnBuildConfig fromYaml = ConfigLoader.load(
                dev.sweeplake.jobs.testing.LocalCluster.repoRoot().resolve("conf/ann/digits-build.yaml"),
                List.of("gpu=auto"),
                AnnBuildConfig.class);
        assertEquals(GpuMode.AUTO, fromYaml.gpu());
        assertEquals(
                GpuMode.OFF,
                ConfigLoader.load(
                                dev.sweeplake.jobs.testing.LocalCluster.repoRoot()
                                        .resolve("conf/ann/digits-build.yaml"),
                                List.of(),
                                AnnBuildConfig.class)
                        .gpu());
        m = assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.load(
                                null, List.of("input.path=base.fvecs", "output=out", "gpu=true"), AnnBuildConfig.class))
                .getMessage();
        assertTrue(m.contains("expected one of [off, auto, required], got true"), m);
    }

    @Test
    void thePlanAsksForGpusOnlyWhereTheExecutorsHaveThem() {
        SparkConf none = new SparkConf(false);
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> GpuTasks.plan("spark://h:7077", none, GpuMode.REQUIRED, 1.0, 0, "ann build"))
                .getMessage();
        assertTrue(
                m.contains("ann build: gpu: required needs GPUs on the executors")
                        && m.contains("spark.executor.resource.gpu.amount")
                        && m.contains("actual unset"),
                m);
        GpuTasks.Plan auto = GpuTasks.plan("spark://h:7077", none, GpuMode.AUTO, 1.0, 0, "ann build");
        assertFalse(auto.request());
        assertEquals("cpu", GpuTasks.inTask(auto).address(), "auto without executor GPUs runs on the CPU");
        SparkConf gpus = new SparkConf(false).set("spark.executor.resource.gpu.amount", "1");
        GpuTasks.Plan req = GpuTasks.plan("spark://h:7077", gpus, GpuMode.REQUIRED, 0.5, 0, "ann search");
        assertTrue(req.request());
        assertEquals("gpu required, 0.5 GPU per task", req.describe());
        // Outside a task that Spark gave a GPU, required has no address to use.
        m = assertThrows(IllegalStateException.class, () -> GpuTasks.inTask(req))
                .getMessage();
        assertTrue(m.contains("gpu: required, but task on the driver got no GPU address"), m);
        GpuTasks.Plan local = GpuTasks.plan("local[2]", none, GpuMode.REQUIRED, 1.0, 5, "ann build");
        assertEquals("gpu:5", GpuTasks.inTask(local).address());
        assertEquals(5, GpuTasks.inTask(local).choice().ordinal());
        assertEquals(
                "cpu",
                GpuTasks.inTask(GpuTasks.plan("spark://h:7077", gpus, GpuMode.OFF, 1.0, 0, "x"))
                        .address());
        assertThrows(IllegalArgumentException.class, () -> GpuTasks.plan("local", none, GpuMode.AUTO, 0.75, 0, "x"));
        m = assertThrows(IllegalArgumentException.class, () -> GpuTasks.ordinal("GPU-8c1f"))
                .getMessage();
        assertTrue(m.contains("CUDA device ordinal in [0, 1023]") && m.contains("'GPU-8c1f'"), m);
        assertEquals(7, GpuTasks.ordinal("7"));
    }

    private static String executorOf(JobContext ctx, String runId) {
        List<String> ex = ctx
                .store()
                .read(Tables.TRIALS)
                .where("run_id = '" + runId + "'")
                .select("executor")
                .distinct()
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList();
        assertEquals(1, ex.size(), ex.toString());
        return ex.get(0);
    }

    private static List<String> sortedRows(SparkSession spark, Path table) {
        return spark.read().parquet(table.toString()).orderBy("query_id", "rank").collectAsList().stream()
                .map(Row::toString)
                .toList();
    }
}
