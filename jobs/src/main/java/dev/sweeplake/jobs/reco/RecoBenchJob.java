package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ctr.reco.RankingMetrics;
import dev.sweeplake.ctr.reco.RecoSplits;
import dev.sweeplake.ctr.reco.UserItemMatrix;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Ids;
import dev.sweeplake.jobs.util.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * {@code sweeplake reco bench}: loads, checks and splits the interactions on the driver (bad input fails here, before
 * the run starts), writes the content-addressed split files, runs every model point x seed through the protocol
 * ({@link RecoFits#protocol}: fit on train, score validation; fit on train + valid, score test; top-k over the
 * catalogue with seen items removed; {@link dev.sweeplake.ctr.reco.RankingEvaluator}'s formulas), records every trial
 * with its validation and test metrics in the trials/metrics tables and returns the leaderboard.
 */
public final class RecoBenchJob {
    static final String BENCHMARK = "reco";

    private RecoBenchJob() {}

    static List<RecoTrials.Planned> plan(RecoBenchConfig config) {
        List<RecoTrials.Planned> out = new ArrayList<>();
        for (RecoModelSpec m : config.models()) {
            for (RecoParams.Point p : m.points()) {
                for (long seed : m.seedList()) {
                    out.add(new RecoTrials.Planned(out.size(), p, seed));
                }
            }
        }
        return out;
    }

    public static RecoBenchResult run(JobContext ctx, RecoBenchConfig config) {
        config.checkNotEmpty();
        List<RecoTrials.Planned> plan = plan(config);
        ctx.phase(
                "sweeplake-reco-prepare",
                "load, check and split " + config.dataset().displayName());
        long t0 = System.nanoTime();
        RecoData.Prepared data = RecoData.prepare(ctx.spark(), config);
        RecoSplits s = data.splits();
        ctx.console()
                .progress(String.format(
                        Locale.ROOT,
                        "[reco bench] %s (splits %s): train %,d / valid %,d / test %,d rows, prepared in %.1f s",
                        data.dataset(),
                        data.version(),
                        s.train().size(),
                        s.valid().size(),
                        s.test().size(),
                        (System.nanoTime() - t0) / 1e9));
        ctx.phase("sweeplake-reco-run", "start the run (runs table)");
        return TrackedRun.run(ctx, "reco bench", config, run -> body(ctx, config, data, plan, run));
    }

    /** Runs a bench inside an already started run (the demo's). */
    public static RecoBenchResult runIn(JobContext ctx, RunHandle run, RecoBenchConfig config) {
        config.checkNotEmpty();
        return body(ctx, config, RecoData.prepare(ctx.spark(), config), plan(config), run);
    }

    private static RecoBenchResult body(
            JobContext ctx,
            RecoBenchConfig config,
            RecoData.Prepared data,
            List<RecoTrials.Planned> plan,
            RunHandle run) {
        ctx.phase("sweeplake-reco-splits", "write the split files");
        org.apache.hadoop.conf.Configuration hconf = ctx.spark().sparkContext().hadoopConfiguration();
        String root = config.splitsDir()
                .orElseGet(() -> new Path(ctx.store().warehouse().root(hconf), "reco_splits").toString());
        String folder = RecoSplitStore.write(hconf, root, data.dataset(), data.splits());
        String study = "reco-bench-" + run.runId();
        Progress progress = new Progress(ctx.console(), "reco bench", plan.size(), "trials", 0);
        double[] best = {Double.NEGATIVE_INFINITY};
        List<RecoOutcome> outcomes = RecoTrials.run(ctx, folder, config, plan, data, o -> {
            synchronized (best) {
                RecoTrials.Planned p = plan.get(o.index());
                if (o.ok()) {
                    best[0] = Math.max(best[0], o.test().ndcg());
                }
                progress.note(String.format(
                        Locale.ROOT,
                        "%s %s valid nDCG %s test nDCG %s, best test %.4f",
                        p.point().model().id(),
                        RecoBenchResult.shortParams(p.point().json()),
                        RecoBenchResult.f4(
                                o.valid() == null ? Double.NaN : o.valid().ndcg()),
                        RecoBenchResult.f4(o.ok() ? o.test().ndcg() : Double.NaN),
                        best[0]));
                progress.advance(1);
            }
        });
        progress.finish();
        List<RecoBenchRow> rows = new ArrayList<>();
        List<TrialRecord> records = new ArrayList<>();
        for (RecoTrials.Planned p : plan) {
            RecoOutcome o = outcomes.get(p.index());
            ObjectNode params = p.point().json();
            String trialId = Ids.sha256Hex(
                    String.join(
                            "|",
                            run.runId(),
                            data.version(),
                            p.point().model().id(),
                            params.toString(),
                            Long.toString(p.seed()),
                            Integer.toString(config.k())),
                    16);
            rows.add(new RecoBenchRow(
                    p.point().model().id(),
                    params,
                    p.seed(),
                    o.valid(),
                    o.test(),
                    o.fitSeconds(),
                    o.trainSeconds(),
                    o.usersPerSecond(),
                    trialId,
                    o.executor(),
                    o.error(),
                    o.ann()));
            records.add(record(study, trialId, p, o, config, data));
        }
        ctx.phase("sweeplake-reco-record", "record " + records.size() + " trials");
        ctx.store().recordTrials(run, records);
        RecoSplits s = data.splits();
        UserItemMatrix full = UserItemMatrix.of(s.fullTrain());
        RecoBenchResult.SplitSummary summary = new RecoBenchResult.SplitSummary(
                data.rawRows(),
                data.sampledOut(),
                data.feedback().belowThreshold(),
                data.feedback().kcoreRemoved(),
                s.train().size(),
                s.valid().size(),
                s.test().size(),
                full.users(),
                full.items(),
                s.stats());
        return new RecoBenchResult(run.runId(), data.dataset(), data.version(), folder, config.k(), summary, rows);
    }

    /** Metric rows of one evaluation, names prefixed {@code valid_} or {@code test_}, k in the name. */
    static List<MetricValue> metrics(String prefix, RankingMetrics m) {
        String at = "_at_" + m.k();
        return List.of(
                MetricValue.of(prefix + "ndcg" + at, m.ndcg()),
                MetricValue.of(prefix + "ndcg_graded" + at, m.ndcgGraded()),
                MetricValue.of(prefix + "precision" + at, m.precision()),
                MetricValue.of(prefix + "recall" + at, m.recall()),
                MetricValue.of(prefix + "map", m.map()),
                MetricValue.of(prefix + "map" + at, m.mapAtK()),
                MetricValue.of(prefix + "hit_rate" + at, m.hitRate()),
                MetricValue.of(prefix + "mrr", m.mrr()),
                MetricValue.of(prefix + "coverage" + at, m.coverage()),
                MetricValue.of(prefix + "users", m.users()),
                MetricValue.of(prefix + "cold_users", m.coldUsers()));
    }

    private static TrialRecord record(
            String study,
            String trialId,
            RecoTrials.Planned p,
            RecoOutcome o,
            RecoBenchConfig config,
            RecoData.Prepared data) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("dataset", data.dataset());
        params.put("dataset_version", data.version());
        params.set("split", ConfigBinder.toTree(config.split()));
        params.put("k", config.k());
        params.put("model", p.point().model().id());
        params.set("params", p.point().json());
        List<MetricValue> m = new ArrayList<>();
        if (o.ok()) {
            if (o.valid() != null) {
                m.addAll(metrics("valid_", o.valid()));
            }
            m.addAll(metrics("test_", o.test()));
            m.add(MetricValue.of("fit_s", o.fitSeconds()));
            m.add(MetricValue.of("train_s", o.trainSeconds()));
            m.add(MetricValue.of("users_per_s", o.usersPerSecond()));
            if (o.ann() != null) {
                m.addAll(metrics("ann_test_", o.ann().test()));
                m.add(MetricValue.of("ann_recall_vs_exact", o.ann().recallVsExact()));
                m.add(MetricValue.of("ann_users_per_s", o.ann().usersPerSecond()));
                m.add(MetricValue.of("exact_users_per_s", o.ann().exactUsersPerSecond()));
                m.add(MetricValue.of("ann_build_s", o.ann().buildSeconds()));
            }
        }
        TrialRecord.Builder b = TrialRecord.builder(study, trialId, BENCHMARK)
                .paramsJson(params.toString())
                .seed(p.seed())
                .seedRole(config.seedRole())
                .datasetVersion(data.version())
                .state(o.ok() ? TrialRecord.TrialState.COMPLETED : TrialRecord.TrialState.FAILED)
                .error(o.error())
                .startedAt(Instant.ofEpochMilli(o.startedMillis()))
                .endedAt(Instant.ofEpochMilli(o.endedMillis()))
                .executor(o.executor())
                .metrics(m);
        if (p.point().als() != null) {
            b.fidelity((double) p.point().als().iterations());
        }
        return b.build();
    }
}
