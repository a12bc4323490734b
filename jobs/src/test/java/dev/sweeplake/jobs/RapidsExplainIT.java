package dev.sweeplake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.jobs.ann.VectorInput;
import dev.sweeplake.jobs.data.BundledData;
import dev.sweeplake.jobs.testing.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RAPIDS Accelerator in explain-only mode over sweeplake's own Spark stages, on a machine without a GPU: the plugin
 * jar (fetched once into ~/.m2 by the build, see jobs/pom.xml) comes in through spark-submit's --jars as
 * {@code bin/sweeplake --spark-profile conf/spark/gpu.yaml} passes it; {@code spark.rapids.sql.mode=explainOnly} and
 * {@code spark.rapids.sql.explain=ALL} log, for every operator of every query, whether it would run on the GPU. Runs: the
 * ANN input reading from Parquet, k-means sharding, ground truth and the metric writes ({@code ann bench}), a hash-sharded
 * {@code ann build}, and the CTR split preparation from Parquet with an MLlib baseline ({@code ctr bench}). Writes the
 * per-operator table to {@code target/rapids-explain.txt}; every operator that stays on the CPU must be listed, with its
 * reason, in the README section "GPU scheduling and RAPIDS"; none may be a Java UDF.
 */
class RapidsExplainIT {
    /**
     * An operator line, e.g. {@code *Exec <ProjectExec> will run on GPU}, {@code !Exec <FileSourceScanExec> cannot run on
     * GPU because ...} or (an operator the plugin has no GPU version of) {@code ! <RDDScanExec> cannot run on GPU because}.
     */
    private static final Pattern EXEC =
            Pattern.compile("([*!])(?:Exec)? ?<(\\w+Exec)> (?:will run on GPU|cannot run on GPU because (.*))");

    private static final Pattern EXPR = Pattern.compile("!(?:Expression)? ?<(\\w+)> .*cannot run on GPU because (.*)");

    @Test
    void ourStagesUnderTheRapidsPluginInExplainOnlyMode(@TempDir Path dir) throws Exception {
        String jarProp = System.getProperty("sweeplake.rapids.jar", "");
        Assumptions.assumeTrue(
                !jarProp.isBlank() && Files.isRegularFile(Path.of(jarProp)),
                "RAPIDS Accelerator jar absent at '" + jarProp
                        + "': the build fetches it once into ~/.m2 (jobs/pom.xml, "
                        + "execution rapids-jar); offline builds (-o) and -Drapids.skip=true leave it out");
        Path root = LocalCluster.repoRoot();
        writeInputs(dir);
        LocalCluster.Result home = LocalCluster.exec(
                root,
                Map.of(),
                300,
                root.resolve("submit/local-cluster.sh").toString(),
                "home",
                "--dir",
                dir.resolve("spark").toString());
        assertEquals(0, home.code(), home.err());
        String sparkHome = home.out()
                .lines()
                .filter(l -> l.startsWith("SPARK_HOME="))
                .findFirst()
                .orElseThrow()
                .substring("SPARK_HOME=".length());
        // Local mode: Sessions leaves out the profile's executor/task GPU requests (local mode offers no GPUs to
        // tasks).
        Map<String, String> env = Map.of(
                "SPARK_HOME",
                sparkHome,
                "SWEEPLAKE_RAPIDS_JAR",
                jarProp,
                "SWEEPLAKE_DRIVER_MEMORY",
                "2g",
                "SPARK_LOCAL_IP",
                "127.0.0.1",
                // The RAPIDS shuffle manager off: in local mode it broke the executor's BlockManager re-registration
                // (NullPointerException in BlockManagerMasterEndpoint.register) and the next query stage never
                // finished.
                "SWEEPLAKE_SUBMIT_OPTS",
                "--conf spark.rapids.sql.mode=explainOnly --conf spark.rapids.sql.explain=ALL"
                        + " --conf spark.rapids.shuffle.enabled=false --conf spark.databricks.delta.snapshotPartitions=2"
                        + " --conf spark.executor.heartbeatInterval=60s"
                        + " --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1"
                        + " --conf spark.sql.shuffle.partitions=4");
        String wh = dir.resolve("warehouse").toString();
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put(
                "ann bench (Parquet input, k-means shards, ground truth, metric writes)",
                List.of(
                        "ann",
                        "bench",
                        "--config",
                        dir.resolve("ann-bench.yaml").toString(),
                        "--warehouse",
                        wh,
                        "--json"));
        runs.put(
                "ann build (hash shards)",
                List.of(
                        "ann",
                        "build",
                        "--config",
                        dir.resolve("ann-build.yaml").toString(),
                        "--warehouse",
                        wh,
                        "--json"));
        runs.put(
                "ctr bench (Parquet splits, MLlib LR)",
                List.of(
                        "ctr",
                        "bench",
                        "--config",
                        dir.resolve("ctr-bench.yaml").toString(),
                        "--warehouse",
                        wh,
                        "--json"));

        Map<String, int[]> onGpu = new TreeMap<>();
        Map<String, TreeSet<String>> reasons = new TreeMap<>();
        TreeSet<String> exprFallbacks = new TreeSet<>();
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, List<String>> run : runs.entrySet()) {
            List<String> cmd =
                    new ArrayList<>(List.of(root.resolve("bin/sweeplake").toString(), "--master", "local[2]"));
            cmd.addAll(run.getValue().subList(0, 2));
            cmd.addAll(List.of("--spark-profile", "conf/spark/gpu.yaml"));
            cmd.addAll(run.getValue().subList(2, run.getValue().size()));
            LocalCluster.Result r = LocalCluster.exec(root, env, 900, cmd.toArray(new String[0]));
            Files.writeString(dir.resolve("stderr-" + report.length() + ".txt"), r.err());
            assertEquals(0, r.code(), run.getKey() + " failed:\n" + tail(r.err()));
            int lines = 0;
            for (String line : r.err().lines().map(String::strip).toList()) {
                Matcher m = EXEC.matcher(line);
                if (m.find() && m.start() == 0) {
                    lines++;
                    boolean gpu = m.group(1).equals("*");
                    onGpu.computeIfAbsent(m.group(2), k -> new int[2])[gpu ? 0 : 1]++;
                    if (!gpu) {
                        String why = m.group(3) == null ? line : m.group(3);
                        reasons.computeIfAbsent(m.group(2), k -> new TreeSet<>())
                                .add(why.length() > 160 ? why.substring(0, 160) + "..." : why);
                    }
                }
                Matcher e = EXPR.matcher(line);
                if (e.find() && e.start() == 0 && !e.group(1).endsWith("Exec")) {
                    String why = e.group(2);
                    boolean udf = e.group(1).equals("ScalaUDF");
                    exprFallbacks.add(
                            e.group(1) + ": " + (why.length() > 160 && !udf ? why.substring(0, 160) + "..." : why));
                }
            }
            report.append(String.format(Locale.ROOT, "%s: %d operator lines%n", run.getKey(), lines));
            assertTrue(
                    lines > 0,
                    run.getKey() + ": the plugin logged no operator (not loaded in explain mode?)\n" + tail(r.err()));
        }
        report.append(String.format(Locale.ROOT, "%n%-40s %8s %8s  %s%n", "operator", "on GPU", "on CPU", "why not"));
        onGpu.forEach((op, n) -> report.append(String.format(
                Locale.ROOT,
                "%-40s %8d %8d  %s%n",
                op,
                n[0],
                n[1],
                String.join(" | ", reasons.getOrDefault(op, new TreeSet<>())))));
        report.append(String.format(Locale.ROOT, "%nexpressions that cannot run on the GPU:%n"));
        exprFallbacks.forEach(x -> report.append("  ").append(x).append('\n'));
        Path out = root.resolve("jobs/target/rapids-explain.txt");
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.println(report);

        assertTrue(onGpu.values().stream().anyMatch(n -> n[0] > 0), "some operator must run on the GPU:\n" + report);
        // Delta's UDFs (data skipping) and MLlib's (probability) are not ours to change; a UDF of ours is.
        assertFalse(
                exprFallbacks.stream().anyMatch(x -> x.startsWith("ScalaUDF") && x.contains("dev.sweeplake.")),
                "a UDF of ours keeps its stage on the CPU; use a Spark built-in:\n" + report);
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        int from = readme.indexOf("### GPU scheduling and RAPIDS");
        assertTrue(from >= 0, "README section 'GPU scheduling and RAPIDS' missing");
        String section = readme.substring(from, Math.max(from, readme.indexOf("\n## ", from)));
        for (Map.Entry<String, int[]> e : onGpu.entrySet()) {
            if (e.getValue()[1] > 0) {
                assertTrue(
                        section.contains("`" + e.getKey() + "`"),
                        "operator " + e.getKey() + " stays on the CPU but the README's GPU section does not list it:\n"
                                + report);
            }
        }
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }

    /** Digits as Parquet vectors (ANN) and a small CTR task as Parquet splits, plus the three configs. */
    private static void writeInputs(Path dir) throws Exception {
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("rapids-explain-inputs")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            float[][] v = BundledData.digits().vectors();
            int n = v.length;
            int nq = 100;
            float[] base = new float[(n - nq) * 64];
            long[] baseIds = new long[n - nq];
            float[] queries = new float[nq * 64];
            long[] queryIds = new long[nq];
            for (int i = 0; i < n; i++) {
                if (i < n - nq) {
                    System.arraycopy(v[i], 0, base, i * 64, 64);
                    baseIds[i] = i;
                } else {
                    System.arraycopy(v[i], 0, queries, (i - n + nq) * 64, 64);
                    queryIds[i - n + nq] = i;
                }
            }
            VectorInput.distribute(spark, VectorMatrix.of(base, 64, baseIds), 0, n - nq, 2)
                    .write()
                    .parquet(dir.resolve("base").toString());
            VectorInput.distribute(spark, VectorMatrix.of(queries, 64, queryIds), 0, nq, 2)
                    .write()
                    .parquet(dir.resolve("queries").toString());
            StructType ctr = new StructType()
                    .add("clicked", DataTypes.IntegerType)
                    .add("user", DataTypes.StringType)
                    .add("item", DataTypes.LongType)
                    .add("tags", DataTypes.StringType)
                    .add("price", DataTypes.DoubleType);
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
            for (String split : List.of("train", "valid", "test")) {
                List<org.apache.spark.sql.Row> rows = new ArrayList<>();
                for (int i = 0; i < (split.equals("train") ? 2000 : 500); i++) {
                    int u = rnd.nextInt(40);
                    long item = rnd.nextInt(60);
                    int label = ((u + item) % 3 == 0) != (rnd.nextInt(10) == 0) ? 1 : 0;
                    rows.add(RowFactory.create(
                            label, "u" + u, item, "t" + (item % 5) + "|t" + (u % 4), rnd.nextDouble() * 10));
                }
                spark.createDataFrame(rows, ctr)
                        .coalesce(1)
                        .write()
                        .parquet(dir.resolve("ctr-" + split).toString());
            }
        } finally {
            spark.stop();
        }
        Files.writeString(
                dir.resolve("ann-bench.yaml"),
                String.join(
                        "\n",
                        "base: {format: parquet, path: '" + dir.resolve("base") + "'}",
                        "queries: {format: parquet, path: '" + dir.resolve("queries") + "'}",
                        "index: '" + dir.resolve("bench-index") + "'",
                        "build: {shards: 2, sharding: kmeans, index: {engine: hnsw, m: 16, ef_construction: 64}}",
                        "k: 10",
                        "searches: [{nprobe: 1, ef: 32}]",
                        "engines: [sweeplake]",
                        "baseline: false",
                        "study: rapids-explain",
                        ""));
        Files.writeString(
                dir.resolve("ann-build.yaml"),
                String.join(
                        "\n",
                        "input: {format: parquet, path: '" + dir.resolve("base") + "'}",
                        "output: '" + dir.resolve("hash-index") + "'",
                        "shards: 2",
                        "sharding: hash",
                        "index: {engine: flat}",
                        ""));
        Files.writeString(
                dir.resolve("ctr-bench.yaml"),
                String.join(
                        "\n",
                        "dataset: {kind: parquet, name: explain-ctr, train: '" + dir.resolve("ctr-train")
                                + "', valid: '" + dir.resolve("ctr-valid") + "', test: '" + dir.resolve("ctr-test")
                                + "', label: clicked,",
                        "          fields: [{name: user, type: categorical}, {name: item, type: categorical},",
                        "                   {name: tags, type: multi_categorical}, {name: price, type: numeric}]}",
                        "trainer: {max_epochs: 1, threads: 1, parallel_trials: 1}",
                        "models: [{model: lr, params: {batch_size: 256}}]",
                        "baselines: [{model: mllib-lr, params: {max_iter: 5}}]",
                        ""));
    }
}
