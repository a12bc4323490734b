package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoSection;
import dev.sweeplake.jobs.store.RunHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's sweep: a Halton arm, a random-search arm and the default configuration on the synthetic objective (known
 * optimum 0.9188 at 9 epochs), then the top 2 on two test seeds. Runs inside the demo's own run (no extra runs row); a
 * second demo resumes the same sweep, so it adds no trial row.
 */
public final class SweepDemoSection implements DemoSection {
    static final String SWEEP = """
      name: demo-synthetic
      benchmark: {objective: synthetic, metric: score, direction: maximize, options: {epoch_ms: 2}}
      space:
        x: {type: float, low: -1, high: 1, default: 0.0}
        y: {type: float, low: -1, high: 1, default: 0.0}
        kind: {type: categorical, values: [a, b, c]}
      sampler: {kind: halton, seed: %d}
      scheduler: {kind: none, fidelity: epochs, max_resource: 9}
      seeds: {tune: [1], test: [101, 102]}
      budget: {max_trials: 10}
      execution: {parallelism: 2}
      phases: {top_n: 2, default_trial: true, random_arm: true}
      """;

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public List<DemoRow> run(JobContext ctx, RunHandle run, DemoConfig config) {
        SweepPlan plan = SweepPlan.of(SweepBench.sweep(String.format(Locale.ROOT, SWEEP, config.seed())));
        SweepJob.checkSameSettings(ctx, plan);
        SweepResult r = new SweepEngine(ctx, plan, run).execute();
        List<DemoRow> rows = new ArrayList<>();
        SweepReports.Entry best = r.leaderboard().best();
        rows.add(new DemoRow(
                name(),
                "best of " + r.done() + " trials (" + r.computed() + " computed now), test mean of 2 seeds "
                        + best.paramsJson(),
                "score",
                best.testMean()));
        rows.add(new DemoRow(name(), "same, test std", "score_std", best.testStd()));
        for (SweepLoop.ArmSummary a : r.arms()) {
            if (a.best() != null && !a.name().equals("test")) {
                rows.add(new DemoRow(
                        name(),
                        "arm " + a.name() + " best tune value (" + a.configs() + " configs)",
                        "score",
                        a.best().mean()));
            }
        }
        return rows;
    }
}
