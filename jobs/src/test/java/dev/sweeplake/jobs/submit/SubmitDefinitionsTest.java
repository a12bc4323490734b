package dev.sweeplake.jobs.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The deployment definitions under {@code submit/}: every {@code databricks-*.json} against the documented fields of the
 * Databricks Jobs API 2.2 ({@code POST /api/2.2/jobs/create}: JobSettings, Task, JobCluster, ClusterSpec, SparkJarTask,
 * Library, ...) and what the jar accepts (each task's parameters parse as a sweeplake command line, config files exist);
 * the Airflow DAGs parsed by python3 (ast, then run against stand-in Airflow modules that record the operators) and
 * checked for operators, arguments, retry keys and dependencies. Needs python3; no Airflow, no Databricks.
 */
class SubmitDefinitionsTest {
    private static final Path SUBMIT = Path.of("..", "submit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN = "dev.sweeplake.jobs.cli.Main";

    // Jobs API 2.2, create: documented request fields per object (docs.databricks.com/api/workspace/jobs/create).
    static final Set<String> JOB = Set.of(
            "name",
            "description",
            "tags",
            "tasks",
            "job_clusters",
            "email_notifications",
            "webhook_notifications",
            "notification_settings",
            "timeout_seconds",
            "health",
            "schedule",
            "trigger",
            "continuous",
            "max_concurrent_runs",
            "git_source",
            "format",
            "queue",
            "parameters",
            "run_as",
            "edit_mode",
            "deployment",
            "environments",
            "access_control_list",
            "budget_policy_id",
            "performance_target",
            "usage_policy_id");
    static final Set<String> TASK = Set.of(
            "task_key",
            "description",
            "depends_on",
            "run_if",
            "job_cluster_key",
            "existing_cluster_id",
            "new_cluster",
            "environment_key",
            "libraries",
            "spark_jar_task",
            "notebook_task",
            "spark_python_task",
            "spark_submit_task",
            "python_wheel_task",
            "pipeline_task",
            "sql_task",
            "dbt_task",
            "run_job_task",
            "condition_task",
            "for_each_task",
            "clean_rooms_notebook_task",
            "dashboard_task",
            "power_bi_task",
            "gen_ai_compute_task",
            "timeout_seconds",
            "max_retries",
            "min_retry_interval_millis",
            "retry_on_timeout",
            "email_notifications",
            "webhook_notifications",
            "notification_settings",
            "health",
            "disable_auto_optimization",
            "disabled");
    static final Set<String> TASK_KINDS = Set.of(
            "spark_jar_task",
            "notebook_task",
            "spark_python_task",
            "spark_submit_task",
            "python_wheel_task",
            "pipeline_task",
            "sql_task",
            "dbt_task",
            "run_job_task",
            "condition_task",
            "for_each_task",
            "clean_rooms_notebook_task",
            "dashboard_task",
            "power_bi_task",
            "gen_ai_compute_task");
    static final Set<String> CLUSTER = Set.of(
            "apply_policy_default_values",
            "autoscale",
            "autotermination_minutes",
            "aws_attributes",
            "azure_attributes",
            "cluster_log_conf",
            "cluster_name",
            "custom_tags",
            "data_security_mode",
            "docker_image",
            "driver_instance_pool_id",
            "driver_node_type_id",
            "enable_elastic_disk",
            "enable_local_disk_encryption",
            "gcp_attributes",
            "init_scripts",
            "instance_pool_id",
            "is_single_node",
            "kind",
            "node_type_id",
            "num_workers",
            "policy_id",
            "runtime_engine",
            "single_user_name",
            "spark_conf",
            "spark_env_vars",
            "spark_version",
            "ssh_public_keys",
            "use_ml_runtime",
            "workload_type",
            "remote_disk_throughput",
            "total_initial_remote_disk_size");
    static final Map<String, Set<String>> NESTED = Map.ofEntries(
            Map.entry("job_clusters[]", Set.of("job_cluster_key", "new_cluster")),
            Map.entry("spark_jar_task", Set.of("main_class_name", "parameters", "jar_uri", "run_as_repl")),
            Map.entry("libraries[]", Set.of("jar", "egg", "whl", "pypi", "maven", "cran", "requirements")),
            Map.entry("depends_on[]", Set.of("task_key", "outcome")),
            Map.entry("parameters[]", Set.of("name", "default")),
            Map.entry("schedule", Set.of("quartz_cron_expression", "timezone_id", "pause_status")),
            Map.entry("autoscale", Set.of("min_workers", "max_workers")),
            Map.entry("init_scripts[]", Set.of("workspace", "volumes", "dbfs", "s3", "abfss", "gcs", "file")),
            Map.entry(
                    "email_notifications",
                    Set.of(
                            "on_start",
                            "on_success",
                            "on_failure",
                            "on_duration_warning_threshold_exceeded",
                            "on_streaming_backlog_exceeded",
                            "no_alert_for_skipped_runs")));
    static final Set<String> RUN_IF = Set.of(
            "ALL_SUCCESS", "AT_LEAST_ONE_SUCCESS", "NONE_FAILED", "ALL_DONE", "AT_LEAST_ONE_FAILED", "ALL_FAILED");
    /** Dynamic value references a job may use ({{job.parameters.X}} needs X among the job parameters). */
    static final Pattern DYNAMIC = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

    static final Pattern DYNAMIC_OK = Pattern.compile(
            "job\\.(id|name|run_id|repair_count|trigger\\.type"
                    + "|start_time\\.(iso_date|iso_datetime|timestamp_ms|year|month|day|hour|minute|second|is_weekday)"
                    + "|trigger\\.time\\.(iso_date|iso_datetime|timestamp_ms)|parameters\\.[\\w.-]+)"
                    + "|task\\.(name|run_id|execution_count|notebook_path)|workspace\\.(id|url)|tasks\\.[\\w-]+\\.(run_id|result_state|error_code|execution_count|values\\.[\\w-]+)");
    static final Pattern KEY = Pattern.compile("^[\\w-]{1,100}$");

    static List<Path> jobFiles() throws IOException {
        try (Stream<Path> s = Files.list(SUBMIT)) {
            return s.filter(p -> p.getFileName().toString().matches("databricks-.*\\.json"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyDatabricksJobFileUsesOnlyDocumentedJobsApiFieldsAndValidCommands() throws IOException {
        List<Path> files = jobFiles();
        assertTrue(files.stream().anyMatch(p -> p.endsWith("databricks-job.json")), "files: " + files);
        for (Path f : files) {
            List<String> problems = checkJob(f.getFileName().toString(), JSON.readTree(f.toFile()));
            assertEquals(List.of(), problems, f.toString());
        }
    }

    @Test
    void theCpuJobRunsAllThreeWorkloadsOnJobClusters() throws IOException {
        JsonNode job = JSON.readTree(SUBMIT.resolve("databricks-job.json").toFile());
        Set<String> commands = new HashSet<>();
        for (JsonNode t : job.get("tasks")) {
            assertNotNull(t.get("job_cluster_key"), t.get("task_key") + " runs on a job cluster");
            JsonNode p = t.get("spark_jar_task").get("parameters");
            commands.add(p.get(0).asText() + " " + p.get(1).asText());
        }
        assertTrue(commands.containsAll(Set.of("ann bench", "ctr bench", "sweep run")), "commands: " + commands);
    }

    @Test
    void theCheckerCatchesUndocumentedFieldsBrokenReferencesAndBadCommands() throws IOException {
        JsonNode good = JSON.readTree(SUBMIT.resolve("databricks-job.json").toFile());
        String text = good.toString();
        assertTrue(checkJob("x", JSON.readTree(text.replace("\"max_retries\"", "\"max_retry\""))).stream()
                .anyMatch(s -> s.contains("max_retry")));
        JsonNode gone = JSON.readTree(text);
        ((com.fasterxml.jackson.databind.node.ObjectNode) gone.get("tasks").get(0)).put("job_cluster_key", "gone");
        assertTrue(checkJob("x", gone).stream()
                .anyMatch(s -> s.contains("job_cluster_key 'gone' is not in job_clusters")));
        assertTrue(
                checkJob("x", JSON.readTree(text.replace("{{job.parameters.warehouse}}", "{{job.parameters.nope}}")))
                        .stream()
                        .anyMatch(s -> s.contains("nope")));
        assertTrue(
                checkJob("x", JSON.readTree(text.replace("\"bench\",\"--config\"", "\"bnch\",\"--config\""))).stream()
                        .anyMatch(s -> s.contains("bnch")));
        assertTrue(checkJob("x", JSON.readTree(text.replace("mnist-bench.yaml", "missing.yaml"))).stream()
                .anyMatch(s -> s.contains("missing.yaml")));
    }

    /** Every problem of one job definition, each naming where it is. */
    static List<String> checkJob(String file, JsonNode job) {
        List<String> out = new ArrayList<>();
        fields(file, job, JOB, out);
        Set<String> params = new HashSet<>();
        for (JsonNode p : job.path("parameters")) {
            fields(file + " parameters[]", p, NESTED.get("parameters[]"), out);
            params.add(p.path("name").asText());
        }
        if (job.has("schedule")) {
            fields(file + " schedule", job.get("schedule"), NESTED.get("schedule"), out);
        }
        if (job.has("email_notifications")) {
            fields(
                    file + " email_notifications",
                    job.get("email_notifications"),
                    NESTED.get("email_notifications"),
                    out);
        }
        Set<String> clusters = new HashSet<>();
        for (JsonNode c : job.path("job_clusters")) {
            String key = c.path("job_cluster_key").asText();
            fields(file + " job_clusters[" + key + "]", c, NESTED.get("job_clusters[]"), out);
            check(KEY.matcher(key).matches(), file + ": job_cluster_key '" + key + "' must match [\\w-]{1,100}", out);
            check(clusters.add(key), file + ": job_cluster_key '" + key + "' twice", out);
            cluster(file + " job_clusters[" + key + "].new_cluster", c.get("new_cluster"), out);
        }
        Set<String> tasks = new HashSet<>();
        JsonNode ts = job.path("tasks");
        check(ts.isArray() && ts.size() > 0, file + ": tasks must be a non-empty array", out);
        for (JsonNode t : ts) {
            tasks.add(t.path("task_key").asText());
        }
        for (JsonNode t : ts) {
            String key = t.path("task_key").asText();
            String where = file + " tasks[" + key + "]";
            fields(where, t, TASK, out);
            check(KEY.matcher(key).matches(), where + ": task_key must match [\\w-]{1,100}", out);
            List<String> kinds = new ArrayList<>();
            t.fieldNames().forEachRemaining(n -> {
                if (TASK_KINDS.contains(n)) {
                    kinds.add(n);
                }
            });
            check(kinds.size() == 1, where + ": exactly one task type expected, got " + kinds, out);
            int compute = (t.has("job_cluster_key") ? 1 : 0)
                    + (t.has("new_cluster") ? 1 : 0)
                    + (t.has("existing_cluster_id") ? 1 : 0);
            check(compute == 1, where + ": exactly one of job_cluster_key, new_cluster, existing_cluster_id", out);
            if (t.has("job_cluster_key")) {
                check(
                        clusters.contains(t.get("job_cluster_key").asText()),
                        where + ": job_cluster_key '" + t.get("job_cluster_key").asText() + "' is not in job_clusters "
                                + clusters,
                        out);
            }
            if (t.has("new_cluster")) {
                cluster(where + ".new_cluster", t.get("new_cluster"), out);
            }
            for (JsonNode d : t.path("depends_on")) {
                fields(where + " depends_on[]", d, NESTED.get("depends_on[]"), out);
                check(
                        tasks.contains(d.path("task_key").asText())
                                && !d.path("task_key").asText().equals(key),
                        where + ": depends_on '" + d.path("task_key").asText() + "' is not another task",
                        out);
            }
            if (t.has("run_if")) {
                check(
                        RUN_IF.contains(t.get("run_if").asText()),
                        where + ": run_if " + t.get("run_if") + " not in " + RUN_IF,
                        out);
            }
            for (JsonNode l : t.path("libraries")) {
                fields(where + " libraries[]", l, NESTED.get("libraries[]"), out);
            }
            if (t.has("spark_jar_task")) {
                JsonNode jar = t.get("spark_jar_task");
                fields(where + ".spark_jar_task", jar, NESTED.get("spark_jar_task"), out);
                check(
                        MAIN.equals(jar.path("main_class_name").asText()),
                        where + ": main_class_name must be " + MAIN,
                        out);
                check(
                        t.path("libraries").toString().contains("sweeplake-jobs-"),
                        where + ": the sweeplake jar is not a library",
                        out);
                List<String> args = new ArrayList<>();
                for (JsonNode a : jar.path("parameters")) {
                    check(a.isTextual(), where + ": parameters must be strings, got " + a, out);
                    args.add(a.asText());
                    Matcher m = DYNAMIC.matcher(a.asText());
                    while (m.find()) {
                        String ref = m.group(1);
                        check(
                                DYNAMIC_OK.matcher(ref).matches(),
                                where + ": unknown dynamic value reference {{" + ref + "}}",
                                out);
                        if (ref.startsWith("job.parameters.")) {
                            check(
                                    params.contains(ref.substring("job.parameters.".length())),
                                    where + ": {{" + ref + "}} names no job parameter " + params,
                                    out);
                        }
                    }
                }
                command(where, args, out);
            }
        }
        return out;
    }

    private static void cluster(String where, JsonNode c, List<String> out) {
        if (c == null || !c.isObject()) {
            out.add(where + ": missing");
            return;
        }
        fields(where, c, CLUSTER, out);
        String v = c.path("spark_version").asText();
        // Spark 4.0 / Scala 2.13 is Databricks Runtime 17 or later (CPU, ML or GPU ML runtime).
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+|x)\\.x-(cpu-ml-|gpu-ml-)?scala2\\.13$")
                .matcher(v);
        check(
                m.matches() && Integer.parseInt(m.group(1)) >= 17,
                where + ": spark_version must be a Spark 4 / Scala 2.13 runtime (17.x or later), got '" + v + "'",
                out);
        check(
                c.hasNonNull("node_type_id") || c.hasNonNull("instance_pool_id") || c.hasNonNull("policy_id"),
                where + ": node_type_id (or instance_pool_id / policy_id) required",
                out);
        boolean single = c.path("is_single_node").asBoolean(false);
        check(
                single || c.has("num_workers") != c.has("autoscale"),
                where + ": exactly one of num_workers, autoscale",
                out);
        if (c.has("autoscale")) {
            fields(where + ".autoscale", c.get("autoscale"), NESTED.get("autoscale"), out);
            check(
                    c.get("autoscale").path("min_workers").asInt(-1) >= 0
                            && c.get("autoscale").path("max_workers").asInt(-1)
                                    >= c.get("autoscale").path("min_workers").asInt(),
                    where + ": autoscale needs 0 <= min_workers <= max_workers",
                    out);
        }
        for (JsonNode s : c.path("init_scripts")) {
            fields(where + ".init_scripts[]", s, NESTED.get("init_scripts[]"), out);
        }
        for (String map : List.of("spark_conf", "spark_env_vars", "custom_tags")) {
            c.path(map)
                    .fields()
                    .forEachRemaining(e -> check(
                            e.getValue().isTextual(),
                            where + "." + map + "." + e.getKey() + ": values must be strings, got " + e.getValue(),
                            out));
        }
    }

    /** The parameters must parse as a sweeplake command line, and each --config file must exist in conf/. */
    static void command(String where, List<String> args, List<String> out) {
        List<String> a = new ArrayList<>(args);
        int i = a.indexOf("--run-key");
        if (i >= 0 && i + 1 < a.size()) {
            a.remove(i + 1);
            a.remove(i);
        }
        try {
            Main.commandLine().parseArgs(a.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            out.add(where + ": not a valid sweeplake command line " + args + ": " + e.getMessage());
        }
        int c = a.indexOf("--config");
        if (c >= 0 && c + 1 < a.size()) {
            String conf = a.get(c + 1);
            int at = conf.indexOf("/conf/") >= 0 ? conf.indexOf("/conf/") + 1 : conf.indexOf("}/") + 2;
            Path local = conf.startsWith("{{")
                    ? Path.of("..", "conf").resolve(conf.substring(at))
                    : Path.of("..").resolve(conf.substring(at));
            check(
                    Files.isRegularFile(local),
                    where + ": --config " + conf + " is not in the repository (" + local + ")",
                    out);
        }
    }

    private static void fields(String where, JsonNode node, Set<String> allowed, List<String> out) {
        if (node == null || !node.isObject()) {
            out.add(where + ": expected an object, got " + node);
            return;
        }
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String n = it.next();
            check(allowed.contains(n), where + ": '" + n + "' is not a documented Jobs API 2.2 field here", out);
        }
    }

    private static void check(boolean ok, String problem, List<String> out) {
        if (!ok) {
            out.add(problem);
        }
    }

    // ---------------------------------------------------------------- Airflow

    static JsonNode probe(Path dag, Path tmp) throws IOException, InterruptedException {
        Path script = tmp.resolve("dag_probe.py");
        try (var in = SubmitDefinitionsTest.class.getResourceAsStream("dag_probe.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("python3", script.toString(), dag.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), dag + ": " + err);
        return JSON.readTree(out);
    }

    @Test
    void sparkSubmitDagPassesARunKeyPerTaskAndValidCommands(@TempDir Path tmp) throws Exception {
        JsonNode d = probe(SUBMIT.resolve("airflow_sweeplake_dag.py"), tmp);
        assertTrue(
                d.get("imports")
                        .toString()
                        .contains("[\"airflow.providers.apache.spark.operators.spark_submit\","
                                + "\"SparkSubmitOperator\"]"),
                d.get("imports").toString());
        assertEquals(1, d.get("dags").size());
        Set<String> keys = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode t : d.get("tasks")) {
            JsonNode k = t.get("kwargs");
            String id = k.get("task_id").asText();
            assertEquals("SparkSubmitOperator", t.get("class").asText());
            assertEquals(MAIN, k.get("java_class").asText(), id);
            assertTrue(k.get("application").asText().endsWith("-spark.jar"), id);
            assertTrue(k.get("do_xcom_push").asBoolean(), id + " pushes the --json line");
            List<String> args = strings(k.get("application_args"));
            assertTrue(args.contains("--json"), id);
            if (!args.get(0).equals("report")) {
                String key = runKey(id, args);
                assertTrue(keys.add(key), id + ": run key shared with another task: " + key);
            }
            command("airflow_sweeplake_dag.py " + id, args, problems);
        }
        assertEquals(List.of(), problems);
        assertEquals(Set.of("ann_bench", "sweep", "report"), taskIds(d));
        assertEquals(
                "[[\"ann_bench\",\"sweep\"],[\"sweep\",\"report\"]]",
                d.get("edges").toString());
    }

    @Test
    void databricksDagSubmitsIdempotentRunsWithValidCommands(@TempDir Path tmp) throws Exception {
        JsonNode d = probe(SUBMIT.resolve("airflow_sweeplake_databricks_dag.py"), tmp);
        Set<String> tokens = new HashSet<>();
        List<String> problems = new ArrayList<>();
        Set<String> commands = new HashSet<>();
        for (JsonNode t : d.get("tasks")) {
            JsonNode k = t.get("kwargs");
            String id = k.get("task_id").asText();
            assertEquals("DatabricksSubmitRunOperator", t.get("class").asText());
            String token = k.get("idempotency_token").asText();
            assertTrue(token.contains("{{ run_id }}"), id + ": idempotency_token " + token);
            assertTrue(tokens.add(token), id + ": idempotency_token shared with another task");
            // Airflow's run ids are at most ~45 characters; the Jobs API allows a 64-character token.
            assertTrue(token.replace("{{ run_id }}", "x".repeat(45)).length() <= 64, id + ": token too long");
            JsonNode jar = k.get("spark_jar_task");
            assertEquals(MAIN, jar.get("main_class_name").asText());
            List<String> args = strings(jar.get("parameters"));
            if (!args.get(0).equals("report")) {
                assertEquals(token, runKey(id, args), id + ": --run-key is the idempotency token");
            }
            commands.add(args.get(0) + " " + args.get(1));
            command("airflow_sweeplake_databricks_dag.py " + id, args, problems);
            List<String> clusterProblems = new ArrayList<>();
            cluster(id + ".new_cluster", k.get("new_cluster"), clusterProblems);
            problems.addAll(clusterProblems);
            assertTrue(k.get("libraries").toString().contains("sweeplake-jobs-"), id);
        }
        assertEquals(List.of(), problems);
        assertTrue(commands.containsAll(Set.of("ann bench", "ctr bench", "sweep run")), commands.toString());
        assertEquals(Set.of("ann_bench", "ctr_bench", "sweep", "report"), taskIds(d));
        assertEquals(
                "[[\"ann_bench\",\"sweep\"],[\"ctr_bench\",\"sweep\"],[\"sweep\",\"report\"]]",
                d.get("edges").toString());
    }

    @Test
    void theDagProbeFailsOnABrokenDag(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad_dag.py");
        Files.writeString(bad, "from airflow import DAG\nwith DAG(dag_id='x') as dag:\n    t = (\n");
        Path script = tmp.resolve("dag_probe.py");
        try (var in = SubmitDefinitionsTest.class.getResourceAsStream("dag_probe.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("python3", script.toString(), bad.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(p.exitValue() == 0, out);
        assertTrue(out.contains("SyntaxError"), out);
    }

    private static String runKey(String id, List<String> args) {
        int i = args.indexOf("--run-key");
        assertTrue(i >= 0 && i + 1 < args.size(), id + ": no --run-key in " + args);
        String key = args.get(i + 1);
        assertTrue(key.contains("{{ run_id }}"), id + ": --run-key " + key + " does not use the DAG run id");
        return key;
    }

    private static Set<String> taskIds(JsonNode d) {
        Set<String> ids = new HashSet<>();
        d.get("tasks").forEach(t -> ids.add(t.get("kwargs").get("task_id").asText()));
        return ids;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }
}
