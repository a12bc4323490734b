package dev.sweeplake.jobs.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.util.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code sweeplake report}: reads the warehouse (nothing is written to it) and writes one self-contained HTML file to a
 * local or Hadoop path. Stateless; thread-safe.
 */
public final class ReportJob {
    private ReportJob() {}

    /** Where the report went and what it holds. */
    public record Result(
            String path, String scope, int runs, int trials, List<String> sections, List<String> plotIds, long bytes)
            implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("report", path);
            o.put("scope", scope);
            o.put("runs", runs);
            o.put("trials", trials);
            sections.forEach(o.putArray("sections")::add);
            o.put("plots", plotIds.size());
            o.put("bytes", bytes);
            return o;
        }

        @Override
        public void print(Console console) {
            console.println(String.format(
                    java.util.Locale.ROOT,
                    "report of %s (%d runs, %d trials, %d plots; sections: %s)",
                    scope,
                    runs,
                    trials,
                    plotIds.size(),
                    String.join(", ", sections)));
            console.println("report: " + path);
        }
    }

    /** Checks the output path before any Spark work. */
    public static void precheck(String out) {
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("--out: expected a file path such as report.html, got ''");
        }
        if (!out.contains(":/") && java.nio.file.Files.isDirectory(java.nio.file.Path.of(out))) {
            throw new IllegalArgumentException("--out: expected a file path, got the directory " + out);
        }
    }

    public static Result run(JobContext ctx, ReportScope scope, String out) {
        precheck(out);
        ctx.phase("sweeplake-report", "read the tables for the report of " + scope.describe());
        ReportData data = ReportData.load(ctx.store(), scope);
        ReportPage.Page page = ReportPage.render(data, Instant.now());
        byte[] bytes = page.html().getBytes(StandardCharsets.UTF_8);
        Path p = new Path(out);
        try {
            FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
            try (OutputStream os = fs.create(p, true)) {
                os.write(bytes);
            }
            p = fs.makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + out + ": cannot write the report", e);
        }
        String shown = p.toUri().getScheme() != null && p.toUri().getScheme().equals("file")
                ? p.toUri().getPath()
                : p.toString();
        return new Result(
                shown,
                scope.describe(),
                data.runs.size(),
                data.trials.size(),
                page.sections(),
                page.plotIds(),
                bytes.length);
    }
}
