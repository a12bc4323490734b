package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.config.ConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code sweep run}: checks the sweep file against its objective and against the sweep of the same name already in the
 * warehouse (all before any trial and before the runs row), then runs the {@link SweepEngine} as one tracked run.
 */
public final class SweepJob {
    private SweepJob() {}

    public static SweepResult run(JobContext ctx, SweepConfig config) {
        SweepPlan plan = SweepPlan.of(config);
        checkSameSettings(ctx, plan);
        return TrackedRun.run(ctx, "sweep run", config, run -> new SweepEngine(ctx, plan, run).execute());
    }

    /** A sweep name already used with other search settings is refused, naming the sections that differ. */
    static void checkSameSettings(JobContext ctx, SweepPlan plan) {
        if (!ctx.store().exists(SweepTables.SWEEPS)) {
            return;
        }
        SweepReports.SweepRow row;
        try {
            row = SweepReports.sweepRow(ctx.store(), plan.config().name());
        } catch (IllegalArgumentException unknown) {
            return;
        }
        if (row.settingsHash().equals(plan.settingsHash())) {
            return;
        }
        List<String> diff = new ArrayList<>();
        try {
            ObjectMapper m = new ObjectMapper();
            JsonNode a = m.readTree(row.settingsJson());
            JsonNode b = m.readTree(plan.settingsJson());
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!b.get(k).equals(a.get(k))) {
                    diff.add(k);
                }
            }
        } catch (Exception e) {
            diff.add("(unreadable stored settings)");
        }
        throw new ConfigException(
                "config key 'name': sweep '" + plan.config().name() + "' already exists in this warehouse with other "
                        + "settings (differs in: " + String.join(", ", diff)
                        + "); budget and execution may change between runs of a sweep, "
                        + "anything else needs a new name");
    }
}
