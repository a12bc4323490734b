package dev.sweeplake.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad sweep files fail on the driver before Spark starts: exit code 3 and one line naming the key. */
class SweepBadInputTest {
    static final String GOOD = """
      name: bad-input
      benchmark: {objective: synthetic, metric: score, direction: maximize}
      space:
        x: {type: float, low: -1, high: 1}
      seeds: {tune: [1, 2], test: [3]}
      """;

    record Outcome(int code, String err) {}

    static Outcome run(Path dir, String yaml, String... extra) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, yaml);
        String[] args = new String[4 + extra.length];
        args[0] = "sweep";
        args[1] = "run";
        args[2] = "--config";
        args[3] = f.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int code = cl.execute(args);
        return new Outcome(code, err.toString(StandardCharsets.UTF_8).trim());
    }

    private static void assertConfigError(Path dir, String yaml, String expected, String... extra) throws Exception {
        Outcome o = run(dir, yaml, extra);
        assertEquals(3, o.code(), o.err());
        assertTrue(o.err().startsWith("error: ") && o.err().contains(expected), "got: " + o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
    }

    @Test
    void overlappingSeeds(@TempDir Path dir) throws Exception {
        assertConfigError(
                dir,
                GOOD.replace("test: [3]", "test: [2, 3]"),
                "config key 'seeds.test': tune and test seeds must not overlap; both contain [2]");
    }

    @Test
    void unknownSamplerSchedulerObjective(@TempDir Path dir) throws Exception {
        assertConfigError(
                dir,
                GOOD + "sampler: {kind: sobol2}\n",
                "config key 'sampler.kind': expected one of [grid, random, halton, tpe], got 'sobol2'");
        assertConfigError(
                dir,
                GOOD + "scheduler: {kind: hyperband}\n",
                "config key 'scheduler.kind': expected one of [none, successive-halving, asha], got 'hyperband'");
        assertConfigError(
                dir,
                GOOD.replace("objective: synthetic", "objective: nope"),
                "config key 'benchmark.objective': unknown objective 'nope' (registered: ann, ctr, mllib-logreg, reco, synthetic)");
    }

    @Test
    void undeclaredOrMissingFidelity(@TempDir Path dir) throws Exception {
        assertConfigError(
                dir,
                GOOD + "scheduler: {kind: asha, fidelity: steps}\n",
                "config key 'scheduler.fidelity': objective synthetic declares fidelities [epochs], got 'steps'");
        assertConfigError(
                dir,
                GOOD + "scheduler: {kind: asha}\n",
                "missing required config key 'scheduler.fidelity' (scheduler asha needs one of the fidelities objective synthetic declares: [epochs])");
        assertConfigError(
                dir,
                GOOD + "scheduler: {kind: asha, fidelity: epochs, min_resource: 9, max_resource: 9}\n",
                "there is only one rung");
        assertConfigError(
                dir,
                GOOD + "scheduler: {kind: asha, fidelity: epochs, max_resource: 1000}\n",
                "config key 'scheduler.max_resource': fidelity epochs must be in [1, 243], got 1000");
    }

    @Test
    void emptyOrContradictorySpaceAndUnknownParameters(@TempDir Path dir) throws Exception {
        assertConfigError(
                dir,
                GOOD.replace("  x: {type: float, low: -1, high: 1}\n", "  {}\n").replace("space:\n  {}", "space: {}"),
                "config key 'space': expected at least one parameter");
        assertConfigError(
                dir,
                GOOD.replace("low: -1, high: 1", "low: 1, high: -1"),
                "config key 'space.x.low': expected at most high");
        assertConfigError(
                dir,
                GOOD.replace("x: {", "z: {"),
                "config key 'space.z': the synthetic objective takes parameters [kind, x, y], got 'z'");
        assertConfigError(
                dir,
                GOOD.replace("metric: score", "metric: auc"),
                "config key 'benchmark.metric': objective synthetic reports [regret, score], got 'auc'");
        assertConfigError(
                dir,
                GOOD + "budget: {max_trials: 0}\n",
                "config key 'budget.max_trials': expected an integer in [1, 1000000], got 0");
        assertConfigError(dir, GOOD + "colour: red\n", "unknown config key 'colour'");
        assertConfigError(dir, GOOD + "benchmark_x: 1\n", "unknown config key 'benchmark_x'");
        assertConfigError(
                dir,
                GOOD,
                "config key 'benchmark.options.work': expected one of [sleep, cpu], got 'gpu'",
                "--set",
                "benchmark.options.work=gpu");
        assertConfigError(
                dir,
                GOOD,
                "config key 'benchmark.options.timing_jitter': expected a number in [0.0, 100.0], got -1.0",
                "--set",
                "benchmark.options.timing_jitter=-1");
    }

    @Test
    void everySweepCommandHasHelp() {
        for (String[] args : new String[][] {
            {"sweep", "--help"},
            {"sweep", "run", "--help"},
            {"sweep", "status", "--help"},
            {"sweep", "leaderboard", "--help"}
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
            assertEquals(0, cl.execute(args), String.join(" ", args));
            assertTrue(
                    out.toString(StandardCharsets.UTF_8).contains("Usage: sweeplake sweep"),
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void missingSubcommandIsAUsageError() {
        var cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()));
        assertEquals(2, cl.execute("sweep"));
    }
}
