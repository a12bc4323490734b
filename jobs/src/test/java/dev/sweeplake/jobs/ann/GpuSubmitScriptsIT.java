package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.testing.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU launch scripts without a cluster (after {@code package}: they hand the jobs jar to spark-submit):
 * {@code submit/gpu-discovery.sh} against a fake {@code nvidia-smi}, {@code submit/spark-submit-gpu.sh} and
 * {@code bin/sweeplake --spark-profile conf/spark/gpu.yaml} against a fake {@code spark-submit} that prints its arguments,
 * and the Databricks GPU job definition.
 */
class GpuSubmitScriptsIT {
    private static final Path ROOT = LocalCluster.repoRoot();

    private static Path script(Path dir, String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static LocalCluster.Result run(Map<String, String> env, String... cmd) throws Exception {
        return LocalCluster.exec(ROOT, env, 120, cmd);
    }

    @Test
    void discoveryScriptPrintsTheAddressesNvidiaSmiListsAndNoneWithoutIt(@TempDir Path dir) throws Exception {
        String discovery = ROOT.resolve("submit/gpu-discovery.sh").toString();
        Path bin = dir.resolve("bin");
        script(
                bin,
                "nvidia-smi",
                "[[ \"$*\" == '--query-gpu=index --format=csv,noheader' ]] || exit 9\nprintf ' 0\\n 1\\n'\n");
        LocalCluster.Result r = run(Map.of("PATH", bin + ":/usr/bin:/bin"), discovery);
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}", r.out().trim());

        Path broken = dir.resolve("broken");
        script(broken, "nvidia-smi", "echo 'NVIDIA-SMI has failed: no driver' >&2\nexit 3\n");
        r = run(Map.of("PATH", broken + ":/usr/bin:/bin"), discovery);
        assertNotEquals(0, r.code(), "a failing nvidia-smi must fail discovery, not advertise no GPUs: " + r.out());

        Assumptions.assumeFalse(Files.exists(Path.of("/usr/bin/nvidia-smi")), "this machine has nvidia-smi");
        r = run(Map.of("PATH", "/usr/bin:/bin"), discovery);
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"name\":\"gpu\",\"addresses\":[]}", r.out().trim());
    }

    @Test
    void gpuSubmitPassesTheManagersResourceSettingsAndThePluginJar(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("spark");
        script(home, "bin/spark-submit", "printf '%s\\n' \"$@\"\n");
        Path jar = Files.writeString(dir.resolve("rapids-4-spark_2.13-26.08.1.jar"), "fake");
        Map<String, String> env = new HashMap<>(Map.of(
                "SPARK_HOME", home.toString(), "SWEEPLAKE_RAPIDS_JAR", jar.toString(), "PATH", System.getenv("PATH")));
        String gpuSubmit = ROOT.resolve("submit/spark-submit-gpu.sh").toString();

        LocalCluster.Result r =
                run(env, gpuSubmit, "--manager", "yarn", "--master", "yarn", "--", "ann", "build", "--set", "gpu=auto");
        assertEquals(0, r.code(), r.err());
        List<String> args = r.out().lines().toList();
        assertTrue(
                args.contains("spark.executor.resource.gpu.amount=1")
                        && args.contains("spark.task.resource.gpu.amount=0.25")
                        && args.contains("spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh")
                        && args.contains(ROOT.resolve("submit/gpu-discovery.sh").toString())
                        && args.contains("spark.plugins=com.nvidia.spark.SQLPlugin"),
                args.toString());
        assertEquals(jar.toString(), args.get(args.indexOf("--jars") + 1));
        assertEquals(1, args.stream().filter("--jars"::equals).count(), "the jar is passed once: " + args);
        assertEquals(
                List.of("ann", "build", "--set", "gpu=auto"),
                args.subList(args.size() - 4, args.size()),
                "sweeplake's arguments follow the application jar");
        assertTrue(args.get(args.size() - 5).endsWith("-spark.jar"), args.toString());

        r = run(
                env,
                gpuSubmit,
                "--manager",
                "k8s",
                "--no-rapids",
                "--executor-gpus",
                "2",
                "--task-gpus",
                "1",
                "--",
                "ann",
                "search");
        assertEquals(0, r.code(), r.err());
        args = r.out().lines().toList();
        assertTrue(
                args.contains("spark.executor.resource.gpu.vendor=nvidia.com")
                        && args.contains("spark.executor.resource.gpu.amount=2")
                        && !args.contains("--jars"),
                args.toString());

        r = run(env, gpuSubmit, "--manager", "mesos", "--", "ann", "build");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--manager must be standalone, yarn or k8s, actual 'mesos'"), r.err());
        r = run(env, gpuSubmit, "--executor-gpus", "2", "--", "ann", "build");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--executor-gpus must be 1 with the RAPIDS Accelerator"), r.err());
        r = run(env, gpuSubmit, "--task-gpus", "0.7", "--", "ann", "build");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--task-gpus must be 1 or a fraction in (0, 0.5], actual '0.7'"), r.err());
        env.put("SWEEPLAKE_RAPIDS_JAR", dir.resolve("missing.jar").toString());
        r = run(env, gpuSubmit, "--", "ann", "build");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("SWEEPLAKE_RAPIDS_JAR must name the rapids-4-spark_2.13 jar")
                        && r.err().contains("missing.jar"),
                r.err());
    }

    @Test
    void launcherAndSparkSubmitPassThePluginJarForTheGpuProfile(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("spark");
        script(home, "bin/spark-submit", "printf '%s\\n' \"$@\"\n");
        Path jar = Files.writeString(dir.resolve("rapids.jar"), "fake");
        Map<String, String> env = new HashMap<>(Map.of(
                "SPARK_HOME", home.toString(), "SWEEPLAKE_RAPIDS_JAR", jar.toString(), "PATH", System.getenv("PATH")));
        for (List<String> cmd : List.of(
                List.of(ROOT.resolve("bin/sweeplake").toString(), "--master", "spark://h:7077"),
                List.of(ROOT.resolve("submit/spark-submit.sh").toString(), "--master", "spark://h:7077", "--"))) {
            List<String> full = new java.util.ArrayList<>(cmd);
            full.addAll(List.of("ann", "build", "--spark-profile", "conf/spark/gpu.yaml"));
            LocalCluster.Result r = run(env, full.toArray(new String[0]));
            assertEquals(0, r.code(), r.err());
            List<String> args = r.out().lines().toList();
            assertEquals(jar.toString(), args.get(args.indexOf("--jars") + 1), cmd.get(0) + ": " + args);
            assertEquals(
                    List.of("ann", "build", "--spark-profile", "conf/spark/gpu.yaml"),
                    args.subList(args.size() - 4, args.size()));
            // Without the GPU profile no plugin jar is passed.
            full = new java.util.ArrayList<>(cmd);
            full.addAll(List.of("ann", "build", "--spark-profile", "conf/spark/cluster.yaml"));
            r = run(env, full.toArray(new String[0]));
            assertEquals(0, r.code(), r.err());
            assertTrue(!r.out().lines().toList().contains("--jars"), r.out());
        }
        env.put("SWEEPLAKE_RAPIDS_JAR", dir.resolve("nope.jar").toString());
        LocalCluster.Result r = run(
                env,
                ROOT.resolve("bin/sweeplake").toString(),
                "ann",
                "build",
                "--spark-profile",
                "conf/spark/gpu.yaml");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("SWEEPLAKE_RAPIDS_JAR must name the rapids-4-spark_2.13 jar")
                        && r.err().contains("nope.jar"),
                r.err());
    }

    @Test
    void databricksGpuJobRunsOnAGpuMlRuntimeWithThePlugin() throws Exception {
        JsonNode job = new ObjectMapper()
                .readTree(ROOT.resolve("submit/databricks-job-gpu.json").toFile());
        JsonNode cluster = job.get("job_clusters").get(0).get("new_cluster");
        assertTrue(
                cluster.get("spark_version").asText().matches("1[7-9]\\.\\d+\\.x-gpu-ml-scala2\\.13"),
                cluster.toString());
        assertEquals(
                "com.nvidia.spark.SQLPlugin",
                cluster.get("spark_conf").get("spark.plugins").asText());
        String init = cluster.get("init_scripts")
                .get(0)
                .get("workspace")
                .get("destination")
                .asText();
        assertTrue(init.endsWith("/databricks-rapids-init.sh")
                && Files.exists(ROOT.resolve("submit/databricks-rapids-init.sh")));
        String key = job.get("job_clusters").get(0).get("job_cluster_key").asText();
        for (JsonNode t : job.get("tasks")) {
            assertEquals(key, t.get("job_cluster_key").asText());
            assertEquals(
                    "dev.sweeplake.jobs.cli.Main",
                    t.get("spark_jar_task").get("main_class_name").asText());
            String params = t.get("spark_jar_task").get("parameters").toString();
            assertTrue(params.contains("gpu=auto"), params);
            // The configs it names exist in the repository (uploaded under the same relative path).
            String conf = t.get("spark_jar_task").get("parameters").get(3).asText();
            assertTrue(Files.exists(ROOT.resolve(conf.substring(conf.indexOf("conf/")))), conf);
        }
    }
}
