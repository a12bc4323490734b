package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.util.Console;
import java.util.List;
import java.util.Locale;

/**
 * What {@code sweep run} returns. JSON (last line with {@code --json}):
 * <pre>{@code
 * {"sweep_id":..., "run_id":..., "trials":{"done":N, "reused":N, "failed":N, "computed":N, "resumed":N, "timed_out":N},
 *  "budget_used":{"configs":N, "max_trials":N, "fraction":F, "fidelity":F, "tune_wall_s":F, "max_wall_time_s":F},
 *  "best":{"params":{...}, "tune_value":F, "test_mean":F, "test_std":F, "test_n":N},
 *  "arms":[{"arm":..., "configs":N, "trials":N, "best_value":F, "best_params":{...}}], "leaderboard":[...], "timing":{...}}
 * }</pre>
 * {@code done} counts trials with a result: {@code computed} by this run, {@code resumed} (recorded in this sweep by an
 * earlier run, skipped) and {@code reused} (an identical trial's result from another study or a twin in this run), the
 * same three figures as the text line; {@code failed} failed and timed-out trials.
 */
public record SweepResult(
        String sweepId,
        String runId,
        long computed,
        long resumed,
        long reused,
        long failed,
        long timedOut,
        int mainConfigs,
        SweepConfig.BudgetSpec budget,
        double fidelityUsed,
        double tuneSeconds,
        double testSeconds,
        double totalSeconds,
        long writeBatches,
        double writeSeconds,
        List<SweepLoop.ArmSummary> arms,
        SweepReports.Leaderboard leaderboard,
        String fidelityName,
        String metric)
        implements JobResult {

    public long done() {
        return computed + resumed + reused;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("sweep_id", sweepId);
        o.put("run_id", runId);
        ObjectNode t = o.putObject("trials");
        t.put("done", done());
        t.put("reused", reused);
        t.put("failed", failed + timedOut);
        t.put("computed", computed);
        t.put("resumed", resumed);
        t.put("timed_out", timedOut);
        ObjectNode b = o.putObject("budget_used");
        b.put("configs", mainConfigs);
        b.put("max_trials", budget.maxTrials());
        double frac = mainConfigs / (double) budget.maxTrials();
        if (budget.maxWallTimeS() > 0) {
            frac = Math.max(frac, tuneSeconds / budget.maxWallTimeS());
        }
        b.put("fraction", Math.min(1.0, frac));
        if (fidelityName != null) {
            b.put("fidelity", fidelityName);
            b.put("fidelity_units", fidelityUsed);
        }
        b.put("tune_wall_s", tuneSeconds);
        b.put("max_wall_time_s", budget.maxWallTimeS());
        SweepReports.Entry best = leaderboard.best();
        if (best == null) {
            o.putNull("best");
        } else {
            ObjectNode be = o.putObject("best");
            be.set("params", SweepReports.parse(best.paramsJson()));
            SweepReports.putNullable(be, "tune_value", best.tuneValue());
            SweepReports.putNullable(be, "test_mean", best.testMean());
            SweepReports.putNullable(be, "test_std", best.testStd());
            be.put("test_n", best.testN());
        }
        ArrayNode a = o.putArray("arms");
        for (SweepLoop.ArmSummary s : arms) {
            ObjectNode j = a.addObject();
            j.put("arm", s.name());
            j.set("sampler", SweepReports.parse(s.sampler()));
            j.put("configs", s.configs());
            j.put("trials", s.trials());
            if (s.best() != null) {
                j.put("best_value", s.best().mean());
                j.put("best_rung", s.best().rung);
                j.set("best_params", SweepReports.parse(s.best().paramsJson));
            }
        }
        o.set("leaderboard", leaderboard.toJson().get("entries"));
        ObjectNode tm = o.putObject("timing");
        tm.put("total_s", totalSeconds);
        tm.put("tune_s", tuneSeconds);
        tm.put("test_s", testSeconds);
        tm.put("delta_write_batches", writeBatches);
        tm.put("delta_write_s", writeSeconds);
        return o;
    }

    @Override
    public void print(Console console) {
        console.println("");
        console.println(String.format(
                Locale.ROOT,
                "sweep %s (run %s): %d trials done (%d computed, %d resumed, %d reused), %d failed, "
                        + "%d timed out; tune %.1f s, test %.1f s, total %.1f s",
                sweepId,
                runId,
                done(),
                computed,
                resumed,
                reused,
                failed,
                timedOut,
                tuneSeconds,
                testSeconds,
                totalSeconds));
        for (SweepLoop.ArmSummary s : arms) {
            console.println(String.format(
                    Locale.ROOT,
                    "  arm %-8s %3d configs %4d trials  best %s",
                    s.name(),
                    s.configs(),
                    s.trials(),
                    s.best() == null
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.5f (rung %d) %s",
                                    s.best().mean(),
                                    s.best().rung,
                                    s.best().paramsJson)));
        }
        console.println("");
        leaderboard.print(console);
    }
}
