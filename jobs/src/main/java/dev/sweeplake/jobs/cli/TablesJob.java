package dev.sweeplake.jobs.cli;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.TableSpec;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Reads the warehouse: row counts of the core tables and the latest runs. Writes only to mark runs whose driver stopped
 * reporting as ABANDONED.
 */
public final class TablesJob {
    private TablesJob() {}

    /** One recent run. */
    public record RunSummary(
            String runId, String command, String status, String startedAt, Double durationS, String error) {}

    /** The counts per table and the latest runs. */
    public record Result(String warehouse, Map<String, Long> counts, List<RunSummary> latest) implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("warehouse", warehouse);
            ObjectNode t = o.putObject("tables");
            counts.forEach(t::put);
            ArrayNode runs = o.putArray("latest_runs");
            for (RunSummary r : latest) {
                ObjectNode j = runs.addObject();
                j.put("run_id", r.runId());
                j.put("command", r.command());
                j.put("status", r.status());
                j.put("started_at", r.startedAt());
                if (r.durationS() == null) {
                    j.putNull("duration_s");
                } else {
                    j.put("duration_s", r.durationS());
                }
                j.put("error", r.error());
            }
            return o;
        }

        @Override
        public void print(Console console) {
            console.println("warehouse: " + warehouse);
            TextTable counts = new TextTable("table", "rows");
            this.counts.forEach((k, v) -> counts.row(k, String.valueOf(v)));
            console.println(counts.render());
            if (!latest.isEmpty()) {
                console.println("latest runs:");
                TextTable runs = new TextTable("run_id", "command", "status", "started_at", "duration_s", "error");
                for (RunSummary r : latest) {
                    runs.row(
                            r.runId(),
                            r.command(),
                            r.status(),
                            r.startedAt(),
                            r.durationS() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", r.durationS()),
                            r.error() == null ? "" : r.error());
                }
                console.println(runs.render());
            }
        }
    }

    public static Result run(JobContext ctx, int latest) {
        MetricsStore store = ctx.store();
        ctx.phase("sweeplake-tables", "count metrics tables");
        store.markAbandonedRuns(); // a RUNNING run whose driver died shows as ABANDONED
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TableSpec t : Tables.CORE) {
            counts.put(t.name(), store.count(t));
        }
        List<RunSummary> runs = new ArrayList<>();
        if (latest > 0 && store.exists(Tables.RUNS)) {
            for (Row r : store.read(Tables.RUNS)
                    .orderBy(col("started_at").desc())
                    .limit(latest)
                    .collectAsList()) {
                Object started = r.get(r.fieldIndex("started_at"));
                Object dur = r.get(r.fieldIndex("duration_s"));
                runs.add(new RunSummary(
                        r.getString(r.fieldIndex("run_id")),
                        r.getString(r.fieldIndex("command")),
                        r.getString(r.fieldIndex("status")),
                        started == null ? null : started.toString(),
                        dur == null ? null : ((Number) dur).doubleValue(),
                        r.getString(r.fieldIndex("error"))));
            }
        }
        String root = store.warehouse()
                .root(ctx.spark().sparkContext().hadoopConfiguration())
                .toString();
        return new Result(root, counts, runs);
    }
}
