package dev.sweeplake.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.cli.Main;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.testing.CliRunner;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report over hand-made tables: a benchmark it has no code for ({@code reco}, nDCG on test seeds) gets its
 * leaderboard, a benchmark that varies a size parameter gets cost-growth plots, two ANN engines get a front each, the
 * scopes select what they say, and bad scopes and outputs are refused with the value named.
 */
@ExtendWith(SparkExtension.class)
class ReportJobTest {
    private static TrialRecord trial(
            String study,
            String id,
            String bench,
            String params,
            long seed,
            TrialRecord.SeedRole role,
            List<MetricValue> metrics) {
        return TrialRecord.builder(study, id, bench)
                .paramsJson(params)
                .seed(seed)
                .seedRole(role)
                .datasetVersion("d1")
                .startedAt(Instant.now())
                .endedAt(Instant.now())
                .executor("test")
                .metrics(metrics)
                .build();
    }

    static String fill(MetricsStore store) {
        RunHandle run = store.startRun("reco bench", "{}");
        List<TrialRecord> ts = new ArrayList<>();
        String[] models = {"ease", "als"};
        for (int m = 0; m < 2; m++) {
            for (long seed = 1; seed <= 3; seed++) {
                ts.add(trial(
                        "reco-1",
                        "r" + m + seed,
                        "reco",
                        "{\"model\":\"" + models[m] + "\",\"seed\":" + seed + "}",
                        seed,
                        TrialRecord.SeedRole.TEST,
                        List.of(
                                MetricValue.of("ndcg_at_10", 0.30 - 0.1 * m + 0.01 * seed),
                                MetricValue.of("recall_at_10", 0.2 - 0.05 * m),
                                MetricValue.of("train_s", 3.0))));
            }
        }
        for (int n : new int[] {1000, 10_000, 100_000}) {
            ts.add(trial(
                    "scale-1",
                    "s" + n,
                    "ann-scale",
                    "{\"engine\":\"hnsw\",\"n\":" + n + "}",
                    1,
                    TrialRecord.SeedRole.NONE,
                    List.of(MetricValue.of("build_s", n / 1000.0), MetricValue.of("bytes", n * 300.0))));
        }
        String[] engines = {"hnsw", "ivf_pq"};
        for (String e : engines) {
            for (int nprobe : new int[] {1, 2, 4}) {
                ts.add(trial(
                        "bench-1",
                        e + nprobe,
                        "ann-bench",
                        String.format(Locale.ROOT, "{\"engine\":\"%s\",\"nprobe\":%d,\"k\":10}", e, nprobe),
                        1,
                        TrialRecord.SeedRole.NONE,
                        List.of(
                                MetricValue.of("recall_at_10", 0.8 + 0.04 * nprobe),
                                        MetricValue.of("qps", 4000.0 / nprobe),
                                MetricValue.of("p50_ms", nprobe), MetricValue.of("p99_ms", 3.0 * nprobe))));
            }
        }
        store.recordTrials(run, ts);
        store.finishRun(run, "{}");
        return run.runId();
    }

    @Test
    void genericLeaderboardsCostGrowthFrontsAndScopes(SparkSession spark, @TempDir Path dir) throws Exception {
        JobContext ctx = JobContext.of(spark, dir.resolve("wh").toString());
        String runId = fill(ctx.store());
        Path out = dir.resolve("r.html");
        ReportJob.Result r = ReportJob.run(ctx, ReportScope.all(), out.toString());
        assertEquals(out.toString(), r.path());
        String html = Files.readString(out);
        assertEquals(List.of("Runs", "ANN benchmarks", "Leaderboards", "Cost growth"), r.sections());
        assertTrue(html.contains("reco: ndcg_at_10 (higher is better)"), "generic reco leaderboard");
        assertTrue(html.contains("reco: recall_at_10"), "second reco metric");
        assertTrue(
                r.plotIds().stream().anyMatch(i -> i.endsWith("cost-growth")),
                r.plotIds().toString());
        assertTrue(html.contains("build_s against n") && html.contains("bytes against n"), "cost metrics against n");
        assertEquals(
                2, r.plotIds().stream().filter(i -> i.endsWith("cost-growth")).count());
        assertTrue(
                html.contains("hnsw (Pareto front)") && html.contains("ivf_pq (Pareto front)"), "one front per engine");
        // ease: mean of 0.31, 0.32, 0.33 over 3 seeds, std 0.01, ranked first.
        java.util.regex.Matcher ease = java.util.regex.Pattern.compile(
                        "<tr><td class=\"n\">1</td><td>ease[^<]*</td>.*?</tr>")
                .matcher(html);
        assertTrue(ease.find(), "ease ranked first");
        assertEquals(
                "<tr><td class=\"n\">1</td><td>ease</td><td class=\"n\">0.3200</td><td class=\"n\">0.01000</td>"
                        + "<td class=\"n\">3</td></tr>",
                ease.group());
        assertEquals(1, r.runs());
        assertEquals(15, r.trials());

        ReportJob.Result study = ReportJob.run(
                ctx, ReportScope.study("reco-1"), dir.resolve("s.html").toString());
        assertEquals(6, study.trials());
        assertEquals(List.of("Runs", "Leaderboards"), study.sections());
        assertEquals(
                15,
                ReportJob.run(ctx, ReportScope.run(runId), dir.resolve("u.html").toString())
                        .trials());

        IllegalArgumentException run = assertThrows(
                IllegalArgumentException.class,
                () -> ReportJob.run(
                        ctx, ReportScope.run("nope"), dir.resolve("x.html").toString()));
        assertTrue(
                run.getMessage().startsWith("--run: unknown run 'nope' in warehouse")
                        && run.getMessage().contains(runId),
                run.getMessage());
        IllegalArgumentException st = assertThrows(
                IllegalArgumentException.class,
                () -> ReportJob.run(
                        ctx, ReportScope.study("reco"), dir.resolve("x.html").toString()));
        assertTrue(
                st.getMessage().contains("--study: no trial has study 'reco'")
                        && st.getMessage().contains("reco-1"),
                st.getMessage());
        IllegalArgumentException since = assertThrows(
                IllegalArgumentException.class,
                () -> ReportJob.run(
                        ctx,
                        ReportScope.since("2999-01-01"),
                        dir.resolve("x.html").toString()));
        assertTrue(
                since.getMessage().startsWith("--since: no run started at or after 2999-01-01T00:00:00Z"),
                since.getMessage());
        assertTrue(!Files.exists(dir.resolve("x.html")), "nothing written for a bad scope");
    }

    @Test
    void badScopesAndOutputsAreRefusedBeforeSpark(@TempDir Path dir) {
        IllegalArgumentException date =
                assertThrows(IllegalArgumentException.class, () -> ReportScope.since("30.11.2026"));
        assertEquals(
                "--since: expected a date yyyy-MM-dd or an instant yyyy-MM-ddTHH:mm:ssZ (UTC), got '30.11.2026'",
                date.getMessage());
        assertEquals(
                "--run: expected a non-empty id, got ''",
                assertThrows(IllegalArgumentException.class, () -> ReportScope.run(" "))
                        .getMessage());
        assertEquals(
                "--out: expected a file path, got the directory " + dir,
                assertThrows(IllegalArgumentException.class, () -> ReportJob.precheck(dir.toString()))
                        .getMessage());
        CliRunner.Outcome both = CliRunner.run("report", "--run", "a", "--study", "b", "--out", "r.html");
        assertEquals(Main.EXIT_USAGE, both.code(), both.err());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CliRunner.Outcome noOut = CliRunner.run("report");
        assertEquals(Main.EXIT_USAGE, noOut.code());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        CliRunner.Outcome badDate = CliRunner.run(
                "report",
                "--since",
                "yesterday",
                "--out",
                dir.resolve("r.html").toString(),
                "--warehouse",
                dir.resolve("wh").toString());
        assertEquals(Main.EXIT_INPUT, badDate.code(), badDate.err());
        assertTrue(badDate.err().contains("got 'yesterday'"), badDate.err());
    }
}
