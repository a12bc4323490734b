package dev.sweeplake.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real {@link SweepLoop} with in-memory ports (no Spark) on the 27-point grid of the synthetic objective (rungs 1, 3,
 * 9 epochs, eta 3, no noise) with two trial slots, trials finishing oldest first. Over 20 orders of the grid, successive
 * halving spends 81 epochs and ASHA at most 40% of the grid's 243, and both find the grid's best (within 0.002). The
 * Spark-side figures come from {@code sweep bench asha}.
 */
class AshaSimulationTest {
    record Figures(double epochs, double best, long trials) {}

    static Figures run(String scheduler, long seed) {
        SweepPlan plan = SweepPlan.of(InMemoryPorts.config(String.format(Locale.ROOT, """
          name: asha-sim
          benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: 0, noise_std: 0}}
          space:
            x: {type: float, low: -1, high: 1}
            y: {type: float, low: -1, high: 1}
            kind: {type: categorical, values: [a, b, c]}
          sampler: {kind: grid, seed: %d, grid_points: 3}
          scheduler: {kind: %s, fidelity: epochs, min_resource: 1, max_resource: 9, reduction_factor: 3}
          seeds: {tune: [1], test: [2]}
          budget: {max_trials: 27}
          execution: {parallelism: 2}
          phases: {top_n: 0, default_trial: false, random_arm: false}
          """, seed, scheduler)));
        InMemoryPorts.Runner runner = new InMemoryPorts.Runner(plan.objective());
        SweepLoop.Figures f = InMemoryPorts.run(plan, "run-" + seed, runner, new InMemoryPorts.Ledger());
        assertNull(f.abortReason());
        assertEquals(2, runner.maxInFlight, "two trial slots");
        assertEquals(2, f.best().rung, "the best evaluation is at the top rung");
        assertEquals(runner.submitted.size(), f.computed());
        return new Figures(f.fidelityUsed(), f.best().mean(), f.computed());
    }

    @Test
    void successiveHalvingAndAshaStayWithinTheTargetsOnTheShuffledGrid() {
        double gridBest = Double.NEGATIVE_INFINITY;
        for (Map<String, Object> c : SamplersTest.SYNTH.grid()) {
            gridBest = Math.max(
                    gridBest,
                    SyntheticObjective.score((Double) c.get("x"), (Double) c.get("y"), (String) c.get("kind"), 9, "a"));
        }
        StringBuilder report = new StringBuilder();
        for (long seed = 0; seed < 20; seed++) {
            Figures sh = run("successive-halving", seed);
            Figures asha = run("asha", seed);
            report.append(String.format(
                    Locale.ROOT,
                    "seed %d: SH %.0f epochs best %.4f; ASHA %.0f epochs (%d trials) best %.4f; grid 243 best %.4f%n",
                    seed,
                    sh.epochs(),
                    sh.best(),
                    asha.epochs(),
                    asha.trials(),
                    asha.best(),
                    gridBest));
            assertTrue(sh.epochs() == 81, report.toString());
            assertTrue(sh.best() >= gridBest - 0.002, report.toString());
            assertTrue(asha.best() >= gridBest - 0.002, report.toString());
            assertTrue(asha.epochs() <= 0.4 * 243, report.toString());
        }
        System.out.println(report);
    }
}
