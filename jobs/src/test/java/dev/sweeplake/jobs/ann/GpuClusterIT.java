package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.testing.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU scheduling of the ANN shard tasks on a real standalone cluster (submit/local-cluster.sh) whose worker advertises two
 * fake GPUs: {@code submit/gpu-discovery.sh} runs against a fake {@code nvidia-smi} on the PATH. {@code ann build} and
 * {@code ann search} with {@code gpu: auto} ask for one GPU per task through a task ResourceProfile; tasks that ran at the
 * same time had distinct addresses; lib-ann falls back to the CPU (no GPU here); the index and the results equal a CPU
 * run (gpu: off, local mode, in this JVM); the addresses are recorded in the manifest and the trials table.
 */
class GpuClusterIT {
    private static final Pattern TASK = Pattern.compile(
            "shard (\\d+): \\d+ vectors, task device (\\S+), built on (\\S+), task from (\\d+) to (\\d+) ms");

    private static JsonNode lastJson(String out) throws Exception {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    @Test
    void shardTasksGetDistinctGpuAddressesFallBackToTheCpuAndRecordThem(@TempDir Path dir) throws Exception {
        String data = System.getProperty("sweeplake.shared.data");
        Assumptions.assumeTrue(
                data != null && Files.isDirectory(Path.of(data, "digits")), "needs ../shared/data/digits");
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/usr/bin/env bash\nprintf '0\\n1\\n'\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Path wh = dir.resolve("warehouse");
        Path index = dir.resolve("index");
        Path results = dir.resolve("results");
        String gpuOpts = "--conf spark.executor.resource.gpu.amount=2 --conf spark.executor.cores=2";
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2, 2, env)) {
            LocalCluster.Result build = cluster.sweeplakeWith(
                    gpuOpts,
                    900,
                    "ann",
                    "build",
                    "--config",
                    "conf/ann/digits-build.yaml",
                    "--data-dir",
                    data,
                    "--set",
                    "output=" + index,
                    "--set",
                    "gpu=auto",
                    "--set",
                    "gpus_per_task=1",
                    "--warehouse",
                    wh.toString(),
                    "--json");
            assertEquals(0, build.code(), build.err());
            assertTrue(
                    build.err().contains("shard tasks ask for 1 CPUs and 1 GPU each (stage-level scheduling"),
                    build.err());
            JsonNode bj = lastJson(build.out());
            Set<String> devices = new TreeSet<>();
            bj.get("shard_devices").forEach(d -> devices.add(d.asText()));
            assertTrue(Set.of("gpu:0", "gpu:1").containsAll(devices) && !devices.isEmpty(), devices.toString());
            bj.get("shard_built_on").forEach(d -> assertEquals("cpu", d.asText(), "gpu: auto falls back to the CPU"));

            // Every shard task's interval and address, from the executor's log: tasks that overlapped had distinct
            // GPUs.
            List<long[]> tasks = new ArrayList<>();
            List<String> taskDevices = new ArrayList<>();
            for (Path log : cluster.executorLogs()) {
                Matcher m = TASK.matcher(Files.readString(log, StandardCharsets.UTF_8));
                while (m.find()) {
                    tasks.add(new long[] {Long.parseLong(m.group(4)), Long.parseLong(m.group(5))});
                    taskDevices.add(m.group(2));
                }
            }
            assertEquals(4, tasks.size(), "one log line per shard task");
            for (int i = 0; i < tasks.size(); i++) {
                for (int j = i + 1; j < tasks.size(); j++) {
                    boolean overlap = tasks.get(i)[0] < tasks.get(j)[1] && tasks.get(j)[0] < tasks.get(i)[1];
                    if (overlap) {
                        assertTrue(
                                !taskDevices.get(i).equals(taskDevices.get(j)),
                                "concurrent tasks " + i + " and " + j + " both had " + taskDevices.get(i));
                    }
                }
            }

            LocalCluster.Result search = cluster.sweeplakeWith(
                    gpuOpts,
                    900,
                    "ann",
                    "search",
                    "--config",
                    "conf/ann/digits-search.yaml",
                    "--data-dir",
                    data,
                    "--set",
                    "index=" + index,
                    "--set",
                    "output=" + results,
                    "--set",
                    "gpu=auto",
                    "--set",
                    "partitions=2",
                    "--warehouse",
                    wh.toString(),
                    "--json");
            assertEquals(0, search.code(), search.err());
            String searchDevices = lastJson(search.out()).get("devices").asText();
            assertTrue(Set.of("gpu:0", "gpu:1", "gpu:0,gpu:1").contains(searchDevices), searchDevices);

            // The CPU reference in this JVM (gpu: off, local mode): the same shards and the same neighbours.
            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("gpu-cluster-it")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    .getOrCreate();
            try {
                JobContext ctx = JobContext.of(spark, dir.resolve("wh-cpu").toString());
                Path root = LocalCluster.repoRoot();
                AnnBuildConfig bc = ConfigLoader.load(
                        root.resolve("conf/ann/digits-build.yaml"),
                        List.of("data_dir=" + data, "output=" + dir.resolve("cpu-index")),
                        AnnBuildConfig.class);
                IndexManifest cpu = AnnBuildJob.build(ctx, bc);
                IndexManifest gpu = IndexManifest.read(
                        index.toString(), spark.sparkContext().hadoopConfiguration());
                for (int s = 0; s < cpu.shardCount(); s++) {
                    assertEquals(
                            cpu.shards().get(s).crc32c(), gpu.shards().get(s).crc32c(), "shard " + s);
                    assertEquals(
                            bj.get("shard_devices").get(s).asText(),
                            gpu.shards().get(s).device());
                }
                AnnSearchConfig sc = ConfigLoader.load(
                        root.resolve("conf/ann/digits-search.yaml"),
                        List.of(
                                "data_dir=" + data,
                                "index=" + dir.resolve("cpu-index"),
                                "output=" + dir.resolve("cpu-results")),
                        AnnSearchConfig.class);
                AnnSearchJob.execute(ctx, sc);
                assertEquals(
                        rows(spark, dir.resolve("cpu-results")),
                        rows(spark, results),
                        "gpu: auto on the cluster must give the CPU run's neighbours and distances");
                // The addresses are in the trials table.
                List<String> executors = spark
                        .read()
                        .format("delta")
                        .load(wh.resolve("trials").toString())
                        .select("executor")
                        .collectAsList()
                        .stream()
                        .map(r -> r.getString(0))
                        .sorted()
                        .toList();
                assertEquals(2, executors.size(), executors.toString());
                assertTrue(
                        executors.contains("spark device=" + String.join(",", devices) + " built_on=cpu"),
                        executors.toString());
                assertTrue(executors.contains("spark device=" + searchDevices), executors.toString());
            } finally {
                spark.stop();
            }
        }
    }

    private static List<String> rows(SparkSession spark, Path table) {
        return spark.read().parquet(table.toString()).orderBy("query_id", "rank").collectAsList().stream()
                .map(Row::toString)
                .toList();
    }
}
