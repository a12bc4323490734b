package dev.sweeplake.jobs.testing;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoJob;
import dev.sweeplake.jobs.report.ReportJob;
import dev.sweeplake.jobs.report.ReportScope;
import dev.sweeplake.jobs.store.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real {@code demo} run (all sections, default config) per test JVM, shared by the tests that read a demo's tables
 * (the report in a browser, the notebooks' SQL): the demo takes a while, so it runs once, on first use, in a temporary
 * warehouse deleted when the JVM exits. Thread-safe.
 */
public final class DemoWarehouse {
    /** The warehouse folder and the demo's result (its run id and report path). */
    public record Demo(Path warehouse, DemoJob.Result result) {}

    private static Demo demo;

    private DemoWarehouse() {}

    /**
     * The shared demo. With {@code -Dsweeplake.test.demo.dir=DIR} (for working on the report or the notebooks) the demo
     * runs in DIR and is kept; a later test JVM finds it there, reuses its latest demo run and only rewrites its report.
     */
    public static synchronized Demo get() {
        if (demo == null) {
            try {
                String keep = System.getProperty("sweeplake.test.demo.dir");
                Path dir = keep == null || keep.isBlank()
                        ? Files.createTempDirectory("sweeplake-demo-warehouse")
                        : Path.of(keep);
                if (keep == null || keep.isBlank()) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete-demo-warehouse"));
                }
                JobContext ctx = JobContext.of(SparkExtension.spark(), dir.toString());
                DemoJob.Result r;
                if (Files.isDirectory(dir.resolve("runs"))
                        && ctx.store()
                                        .read(Tables.RUNS)
                                        .where("command = 'demo' AND status = 'SUCCEEDED'")
                                        .count()
                                > 0) {
                    String runId = ctx.store()
                            .read(Tables.RUNS)
                            .where("command = 'demo' AND status = 'SUCCEEDED'")
                            .orderBy(org.apache
                                    .spark
                                    .sql
                                    .functions
                                    .col("started_at")
                                    .desc())
                            .first()
                            .getString(0);
                    String out = dir.resolve(DemoJob.REPORT_FILE).toString();
                    r = new DemoJob.Result(
                            runId,
                            java.util.List.of(),
                            ReportJob.run(ctx, ReportScope.run(runId), out).path());
                } else {
                    r = DemoJob.run(ctx, DemoConfig.defaults());
                }
                demo = new Demo(dir, r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return demo;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
