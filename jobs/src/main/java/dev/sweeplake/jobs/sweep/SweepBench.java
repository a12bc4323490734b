package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.NoConfig;
import dev.sweeplake.jobs.command.NoConfigCommand;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Warehouse;
import dev.sweeplake.jobs.util.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sweeplake sweep bench asha|throughput|overhead|crossvalidator}: whole-job benchmarks that print figures and
 * ratios against a peer measured in the same process (or, for throughput, the same command on local[1] and local[2]).
 * Each runs its sweeps in a fresh folder under {@code <warehouse>/bench/}, so earlier results are never reused.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks of the sweep engine that print figures and ratios (not tests).",
        subcommands = {
            SweepBench.Asha.class,
            SweepBench.Throughput.class,
            SweepBench.Overhead.class,
            SweepBench.CrossValidator.class
        })
public final class SweepBench implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing benchmark (asha, throughput, overhead, crossvalidator)");
    }

    /** A benchmark's figures: JSON for machines, lines for people. */
    record Figures(ObjectNode json, List<String> lines) implements JobResult {
        @Override
        public ObjectNode toJson() {
            return json;
        }

        @Override
        public void print(Console console) {
            console.println("");
            lines.forEach(console::println);
        }
    }

    static SweepConfig sweep(String yaml) {
        return ConfigBinder.bind(ConfigLoader.parseYaml(yaml, "bench"), SweepConfig.class, "");
    }

    static JobContext fresh(JobContext ctx, String name) {
        String root = ctx.store().warehouse().location();
        String where = root + "/bench/" + name + "-" + System.currentTimeMillis();
        return new JobContext(ctx.spark(), new MetricsStore(ctx.spark(), Warehouse.of(where)), ctx.console());
    }

    /** The 27-point grid at 9 epochs vs successive halving and ASHA over epochs 1, 3, 9 (eta 3). */
    @Command(
            name = "asha",
            mixinStandardHelpOptions = true,
            description =
                    "27-point grid of the synthetic objective at 9 epochs vs successive halving and ASHA (rungs 1, 3, 9).")
    public static final class Asha extends NoConfigCommand {
        @Option(
                names = "--epoch-ms",
                defaultValue = "20",
                description = "Milliseconds per epoch (default ${DEFAULT-VALUE}).")
        double epochMs;

        @Option(names = "--parallelism", defaultValue = "2", description = "Trials at once (default ${DEFAULT-VALUE}).")
        int parallelism;

        @Override
        protected String appName() {
            return "sweep bench asha";
        }

        @Override
        protected JobResult run(JobContext ctx, NoConfig config) {
            String base = String.format(Locale.ROOT, """
          name: bench-asha
          benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: %s}}
          space:
            x: {type: float, low: -1, high: 1, grid: [-0.4, 0.3, 1.0]}
            y: {type: float, low: -1, high: 1, grid: [-0.8, -0.2, 0.4]}
            kind: {type: categorical, values: [a, b, c]}
          sampler: {kind: grid, seed: 1}
          scheduler: SCHED
          seeds: {tune: [1], test: [2]}
          budget: {max_trials: 27}
          execution: {parallelism: %d, flush_interval_s: 30}
          phases: {top_n: 0, default_trial: false, random_arm: false}
          """, epochMs, parallelism);
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            List<String> lines = new ArrayList<>();
            SweepResult grid = SweepJob.run(
                    fresh(ctx, "asha-grid"),
                    sweep(base.replace("SCHED", "{kind: none, fidelity: epochs, max_resource: 9}")));
            SweepResult sh = SweepJob.run(
                    fresh(ctx, "asha-sh"),
                    sweep(
                            base.replace(
                                    "SCHED",
                                    "{kind: successive-halving, fidelity: epochs, min_resource: 1, max_resource: 9, reduction_factor: 3}")));
            SweepResult asha = SweepJob.run(
                    fresh(ctx, "asha-asha"),
                    sweep(base.replace(
                            "SCHED",
                            "{kind: asha, fidelity: epochs, min_resource: 1, max_resource: 9, reduction_factor: 3}")));
            double gridBest = grid.leaderboard().best().tuneValue();
            lines.add(String.format(
                    Locale.ROOT,
                    "%-20s %8s %10s %12s %9s %8s",
                    "scheduler",
                    "epochs",
                    "of grid",
                    "best score",
                    "gap",
                    "tune s"));
            for (var e : List.of(
                    java.util.Map.entry("grid (27 x 9 epochs)", grid),
                    java.util.Map.entry("successive halving", sh),
                    java.util.Map.entry("asha", asha))) {
                SweepResult r = e.getValue();
                double best = r.leaderboard().best().tuneValue();
                ObjectNode o = json.putObject(
                        e.getKey().startsWith("grid") ? "grid" : e.getKey().replace(' ', '_'));
                o.put("epochs", r.fidelityUsed());
                o.put("epoch_fraction", r.fidelityUsed() / grid.fidelityUsed());
                o.put("best", best);
                o.put("gap_to_grid_best", gridBest - best);
                o.put("tune_s", r.tuneSeconds());
                o.set("best_params", SweepReports.parse(r.leaderboard().best().paramsJson()));
                lines.add(String.format(
                        Locale.ROOT,
                        "%-20s %8.0f %9.1f%% %12.5f %9.5f %8.1f",
                        e.getKey(),
                        r.fidelityUsed(),
                        100 * r.fidelityUsed() / grid.fidelityUsed(),
                        best,
                        gridBest - best,
                        r.tuneSeconds()));
            }
            boolean ok = gridBest - asha.leaderboard().best().tuneValue() <= 0.002
                    && asha.fidelityUsed() <= 0.4 * grid.fidelityUsed();
            json.put("asha_meets_target", ok);
            lines.add("target: ASHA within 0.002 of the grid's best using <= 40% of its epochs: "
                    + (ok ? "met" : "NOT met"));
            return new Figures(json, lines);
        }
    }

    /** Trials of about a second on local[1] and local[2], each in a child JVM running {@code sweep run}. */
    @Command(
            name = "throughput",
            mixinStandardHelpOptions = true,
            description = {
                "Trials per second of the same sweep (1 s trials) on local[1] and on local[2], each in its own JVM;",
                "prints the ratio (target >= 1.7)."
            })
    public static final class Throughput extends NoConfigCommand {
        @Option(names = "--trials", defaultValue = "16", description = "Trials per run (default ${DEFAULT-VALUE}).")
        int trials;

        @Option(
                names = "--trial-ms",
                defaultValue = "1000",
                description = "Milliseconds per trial (default ${DEFAULT-VALUE}).")
        double trialMs;

        @Option(
                names = "--work",
                defaultValue = "cpu",
                description = "cpu (busy work) or sleep (default ${DEFAULT-VALUE}).")
        String work;

        @Override
        protected String appName() {
            return "sweep bench throughput";
        }

        @Override
        protected JobResult run(JobContext ctx, NoConfig config) {
            String yaml = String.format(Locale.ROOT, """
          name: bench-throughput
          benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: %s, work: %s}}
          space:
            x: {type: float, low: -1, high: 1}
            y: {type: float, low: -1, high: 1}
          sampler: {kind: halton, seed: 5}
          scheduler: {kind: none, fidelity: epochs, max_resource: 9}
          seeds: {tune: [1], test: [2]}
          budget: {max_trials: %d}
          execution: {parallelism: 2, flush_interval_s: 600, flush_every_trials: 100000}
          phases: {top_n: 0, default_trial: false, random_arm: false}
          """, trialMs / 9, work, trials);
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            List<String> lines = new ArrayList<>();
            double[] perSecond = new double[3];
            for (int cores : new int[] {1, 2}) {
                JsonNode r = child(ctx, yaml, cores);
                double tune = r.get("timing").get("tune_s").asDouble();
                perSecond[cores] = r.get("trials").get("computed").asDouble() / tune;
                ObjectNode o = json.putObject("local_" + cores);
                o.put("trials", r.get("trials").get("computed").asInt());
                o.put("tune_s", tune);
                o.put("trials_per_s", perSecond[cores]);
                lines.add(String.format(
                        Locale.ROOT,
                        "local[%d]: %d trials of %.0f ms (%s) in %.1f s: %.3f trials/s",
                        cores,
                        r.get("trials").get("computed").asInt(),
                        trialMs,
                        work,
                        tune,
                        perSecond[cores]));
            }
            double ratio = perSecond[2] / perSecond[1];
            json.put("ratio", ratio);
            json.put("work", work);
            lines.add(String.format(
                    Locale.ROOT,
                    "throughput local[2] / local[1] = %.2fx (target >= 1.7x): %s",
                    ratio,
                    ratio >= 1.7 ? "met" : "NOT met"));
            return new Figures(json, lines);
        }

        private static JsonNode child(JobContext ctx, String yaml, int cores) {
            try {
                Path dir = Files.createTempDirectory("sweeplake-bench-throughput");
                Path file = dir.resolve("sweep.yaml");
                Files.writeString(file, yaml);
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                    if (a.startsWith("--add-opens")
                            || a.startsWith("--add-modules")
                            || a.startsWith("-Djdk.")
                            || a.startsWith("-Dio.netty")
                            || a.startsWith("-Dlog4j2")) {
                        cmd.add(a);
                    }
                }
                cmd.add("-Xmx2g");
                cmd.add("-Dspark.master=local[" + cores + "]");
                cmd.add("-Dspark.ui.enabled=false");
                cmd.add("-Dspark.driver.host=127.0.0.1");
                cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add("dev.sweeplake.jobs.cli.Main");
                cmd.addAll(List.of(
                        "sweep",
                        "run",
                        "--config",
                        file.toString(),
                        "--warehouse",
                        dir.resolve("wh").toString(),
                        "--json"));
                ctx.console()
                        .progress("[bench throughput] running the sweep on local[" + cores + "] in a child JVM...");
                Process p = new ProcessBuilder(cmd)
                        .redirectError(dir.resolve("stderr.log").toFile())
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException(
                            "child sweep on local[" + cores + "] failed; see " + dir.resolve("stderr.log"));
                }
                String[] lines = out.strip().split("\n");
                return new ObjectMapper().readTree(lines[lines.length - 1]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** 100 trivial trials: the driver's cost per trial. */
    @Command(
            name = "overhead",
            mixinStandardHelpOptions = true,
            description = "Driver overhead per trial over N trivial trials (target <= 0.5 s per trial over 100).")
    public static final class Overhead extends NoConfigCommand {
        @Option(names = "--trials", defaultValue = "100", description = "Trivial trials (default ${DEFAULT-VALUE}).")
        int trials;

        @Override
        protected String appName() {
            return "sweep bench overhead";
        }

        @Override
        protected JobResult run(JobContext ctx, NoConfig config) {
            String yaml = String.format(Locale.ROOT, """
          name: bench-overhead
          benchmark: {objective: synthetic, metric: score, direction: maximize}
          space:
            x: {type: float, low: -1, high: 1}
            y: {type: float, low: -1, high: 1}
          sampler: {kind: random, seed: 9}
          seeds: {tune: [1], test: [2]}
          budget: {max_trials: %d}
          execution: {parallelism: 2, flush_interval_s: 5}
          phases: {top_n: 0, default_trial: false, random_arm: false}
          """, trials);
            long t0 = System.nanoTime();
            SweepResult r = SweepJob.run(fresh(ctx, "overhead"), sweep(yaml));
            double wall = (System.nanoTime() - t0) / 1e9;
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("trials", r.computed());
            json.put("wall_s", wall);
            json.put("tune_s", r.tuneSeconds());
            json.put("delta_write_s", r.writeSeconds());
            json.put("delta_write_batches", r.writeBatches());
            json.put("overhead_per_trial_s", wall / r.computed());
            json.put("scheduling_per_trial_s", r.tuneSeconds() / r.computed());
            List<String> lines = List.of(
                    String.format(
                            Locale.ROOT,
                            "%d trivial trials: whole command %.1f s (Delta writes %.1f s in %d batches), tune loop %.1f s",
                            r.computed(),
                            wall,
                            r.writeSeconds(),
                            r.writeBatches(),
                            r.tuneSeconds()),
                    String.format(
                            Locale.ROOT,
                            "driver overhead per trial: %.3f s end to end, %.3f s in the trial loop (target <= 0.5 s): %s",
                            wall / r.computed(),
                            r.tuneSeconds() / r.computed(),
                            wall / r.computed() <= 0.5 ? "met" : "NOT met"));
            return new Figures(json, lines);
        }
    }

    /** The same grid through MLlib TrainValidationSplit and through a sweep. */
    @Command(
            name = "crossvalidator",
            mixinStandardHelpOptions = true,
            description =
                    "A 3 x 3 LogisticRegression grid through MLlib TrainValidationSplit and through a sweep: best params, wall-time ratio.")
    public static final class CrossValidator extends NoConfigCommand {
        @Option(
                names = "--rows",
                defaultValue = "20000",
                description = "Rows of the generated dataset (default ${DEFAULT-VALUE}).")
        int rows;

        @Option(
                names = "--parallelism",
                defaultValue = "2",
                description = "Models fitted at once by both (default ${DEFAULT-VALUE}).")
        int parallelism;

        @Override
        protected String appName() {
            return "sweep bench crossvalidator";
        }

        @Override
        protected JobResult run(JobContext ctx, NoConfig config) {
            double[] regs = {0.001, 0.01, 0.1};
            double[] nets = {0.0, 0.5, 1.0};
            long seed = 42;
            String options = String.format(
                    Locale.ROOT, "{rows: %d, features: 20, data_seed: 1, train_ratio: 0.75, partitions: 4}", rows);
            LogisticRegressionObjective objective =
                    new LogisticRegressionObjective(ConfigLoader.parseYaml(options, "bench"));
            Dataset<Row> data = objective.data(ctx.spark(), "a");

            ctx.phase("sweeplake-bench-tvs", "TrainValidationSplit over a 3 x 3 grid");
            LogisticRegression lr = new LogisticRegression().setMaxIter(100);
            ParamMap[] grid = new ParamGridBuilder()
                    .addGrid(lr.regParam(), regs)
                    .addGrid(lr.elasticNetParam(), nets)
                    .build();
            TrainValidationSplit tvs = new TrainValidationSplit()
                    .setEstimator(lr)
                    .setEvaluator(new BinaryClassificationEvaluator())
                    .setEstimatorParamMaps(grid)
                    .setTrainRatio(0.75)
                    .setSeed(seed)
                    .setParallelism(parallelism);
            long t0 = System.nanoTime();
            TrainValidationSplitModel model = tvs.fit(data);
            double tvsSeconds = (System.nanoTime() - t0) / 1e9;
            double[] metrics = model.validationMetrics();
            int bestIdx = 0;
            for (int i = 1; i < metrics.length; i++) {
                if (metrics[i] > metrics[bestIdx]) {
                    bestIdx = i;
                }
            }
            double tvsReg = (Double) grid[bestIdx].apply(lr.regParam());
            double tvsNet = (Double) grid[bestIdx].apply(lr.elasticNetParam());

            String yaml = String.format(Locale.ROOT, """
          name: bench-crossvalidator
          benchmark: {objective: mllib-logreg, metric: auc, direction: maximize, options: %s}
          space:
            reg_param: {type: float, low: 0.001, high: 0.1, grid: [0.001, 0.01, 0.1]}
            elastic_net_param: {type: float, low: 0, high: 1, grid: [0.0, 0.5, 1.0]}
          sampler: {kind: grid}
          scheduler: {kind: none, fidelity: max_iter, max_resource: 100}
          seeds: {tune: [%d], test: [7]}
          execution: {parallelism: %d, flush_interval_s: 30}
          phases: {top_n: 0, default_trial: false, random_arm: false}
          """, options, seed, parallelism);
            long t1 = System.nanoTime();
            SweepResult r = SweepJob.run(fresh(ctx, "crossvalidator"), sweep(yaml));
            double sweepSeconds = (System.nanoTime() - t1) / 1e9;
            JsonNode best = SweepReports.parse(r.leaderboard().best().paramsJson());
            double sweepReg = best.get("reg_param").asDouble();
            double sweepNet = best.get("elastic_net_param").asDouble();
            boolean same = sweepReg == tvsReg && sweepNet == tvsNet;
            double metricGap =
                    Math.abs(metrics[bestIdx] - r.leaderboard().best().tuneValue());

            ObjectNode json = JsonNodeFactory.instance.objectNode();
            ObjectNode t = json.putObject("train_validation_split");
            t.put("reg_param", tvsReg);
            t.put("elastic_net_param", tvsNet);
            t.put("auc", metrics[bestIdx]);
            t.put("wall_s", tvsSeconds);
            ObjectNode s = json.putObject("sweep");
            s.put("reg_param", sweepReg);
            s.put("elastic_net_param", sweepNet);
            s.put("auc", r.leaderboard().best().tuneValue());
            s.put("wall_s", sweepSeconds);
            s.put("trial_loop_s", r.tuneSeconds());
            json.put("same_best_params", same);
            json.put("auc_difference", metricGap);
            json.put("wall_ratio_sweep_over_tvs", sweepSeconds / tvsSeconds);
            json.put("trial_loop_ratio_over_tvs", r.tuneSeconds() / tvsSeconds);
            List<String> lines = List.of(
                    String.format(
                            Locale.ROOT,
                            "TrainValidationSplit: best reg_param %s elastic_net %s auc %.6f in %.1f s",
                            tvsReg,
                            tvsNet,
                            metrics[bestIdx],
                            tvsSeconds),
                    String.format(
                            Locale.ROOT,
                            "sweep (grid):         best reg_param %s elastic_net %s auc %.6f in %.1f s (trial loop %.1f s)",
                            sweepReg,
                            sweepNet,
                            r.leaderboard().best().tuneValue(),
                            sweepSeconds,
                            r.tuneSeconds()),
                    String.format(
                            Locale.ROOT,
                            "same best parameters: %s; auc difference %.2e; wall time sweep / TVS = %.2fx (trial loop only %.2fx)",
                            same ? "yes" : "NO",
                            metricGap,
                            sweepSeconds / tvsSeconds,
                            r.tuneSeconds() / tvsSeconds));
            return new Figures(json, lines);
        }
    }
}
