package dev.sweeplake.jobs.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.data.BundledData;
import dev.sweeplake.jobs.data.BundledData.LabelledVectors;
import dev.sweeplake.jobs.report.ReportJob;
import dev.sweeplake.jobs.report.ReportScope;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.Progress;
import dev.sweeplake.jobs.util.TextTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code sweeplake demo}: a small but real end-to-end run on bundled or generated data. Each section runs a real job and
 * writes its trials and metrics; the result is one table.
 */
public final class DemoJob {
    private DemoJob() {}

    /** The demo's result: its run id and one row per figure. */
    public record Result(String runId, List<DemoSection.DemoRow> rows, String report) implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("run_id", runId);
            o.put("report", report);
            ArrayNode a = o.putArray("rows");
            for (DemoSection.DemoRow r : rows) {
                ObjectNode j = a.addObject();
                j.put("section", r.section());
                j.put("what", r.what());
                j.put("metric", r.metric());
                j.put("value", r.value());
            }
            return o;
        }

        @Override
        public void print(Console console) {
            TextTable t = new TextTable("section", "what", "metric", "value");
            for (DemoSection.DemoRow r : rows) {
                t.row(r.section(), r.what(), r.metric(), String.format(Locale.ROOT, "%.4g", r.value()));
            }
            console.println("");
            console.println(t.render());
            console.println("");
            console.println("run " + runId + " recorded in the runs/trials/metrics tables; see 'sweeplake tables'.");
            console.println("report: " + report);
        }
    }

    /** Checks the inputs before any Spark work (so nothing is written for bad input). */
    public static void precheck(DemoConfig config) {
        config.vectorsCsv().ifPresent(p -> {
            if (!Files.isRegularFile(Path.of(p))) {
                throw new IllegalArgumentException("vectors_csv: input file not found: " + p);
            }
        });
    }

    /** The labelled vectors the demo's k-NN sections use: the user's CSV, or the bundled digits. */
    public static LabelledVectors vectors(DemoConfig config) {
        return config.vectorsCsv().map(p -> BundledData.labelledCsv(Path.of(p))).orElseGet(BundledData::digits);
    }

    public static Result run(JobContext ctx, DemoConfig config) {
        precheck(config);
        // Parse a user's CSV once up front so that a bad row fails before the run is recorded (sections read it again:
        // it
        // is small, and this keeps the section interface free of pre-parsed state).
        config.vectorsCsv().ifPresent(p -> BundledData.labelledCsv(Path.of(p)));
        Result r = TrackedRun.run(ctx, "demo", config, run -> {
            List<DemoSection.DemoRow> rows = new ArrayList<>();
            Progress progress =
                    new Progress(ctx.console(), "demo", config.sections().size(), "sections", 0);
            for (String name : config.sections()) {
                progress.note("running " + name);
                rows.addAll(DemoSections.create(name).run(ctx, run, config));
                progress.advance(1);
            }
            return new Result(run.runId(), rows, null);
        });
        // The demo ends with the report of its run, at the warehouse root, once the run row says SUCCEEDED.
        String out = new org.apache.hadoop.fs.Path(
                        ctx.store().warehouse().root(ctx.spark().sparkContext().hadoopConfiguration()), REPORT_FILE)
                .toString();
        ReportJob.Result report = ReportJob.run(ctx, ReportScope.run(r.runId()), out);
        return new Result(r.runId(), r.rows(), report.path());
    }

    /** The demo's report, at the warehouse root. */
    public static final String REPORT_FILE = "report.html";
}
