package dev.sweeplake.jobs.sweep;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.TextTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads a sweep back from the warehouse: the leaderboard (configurations ranked by their test-seed mean, with standard
 * deviation; tune-seed values shown beside, never as the final figure) and the status (trials per study and state, best
 * so far, runs). Both the {@code sweep run} result and the {@code status}/{@code leaderboard} commands use these, so they
 * always agree with the tables. Writes nothing. Stateless.
 */
public final class SweepReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepReports() {}

    /** The sweeps-table row of a sweep. */
    record SweepRow(
            String sweepId,
            String objective,
            String metric,
            SweepConfig.Direction direction,
            String fidelity,
            Double maxFidelity,
            String samplerJson,
            String schedulerJson,
            String settingsHash,
            String settingsJson) {}

    static SweepRow sweepRow(MetricsStore store, String sweepId) {
        List<String> known = new ArrayList<>();
        if (store.exists(SweepTables.SWEEPS)) {
            for (Row r : store.read(SweepTables.SWEEPS).collectAsList()) {
                String id = r.getString(r.fieldIndex("sweep_id"));
                if (id.equals(sweepId)) {
                    Object mf = r.get(r.fieldIndex("max_fidelity"));
                    return new SweepRow(
                            id,
                            r.getString(r.fieldIndex("objective")),
                            r.getString(r.fieldIndex("metric")),
                            SweepConfig.Direction.valueOf(
                                    r.getString(r.fieldIndex("direction")).toUpperCase(Locale.ROOT)),
                            r.getString(r.fieldIndex("fidelity")),
                            mf == null ? null : ((Number) mf).doubleValue(),
                            r.getString(r.fieldIndex("sampler_json")),
                            r.getString(r.fieldIndex("scheduler_json")),
                            r.getString(r.fieldIndex("settings_hash")),
                            r.getString(r.fieldIndex("settings_json")));
                }
                known.add(id);
            }
        }
        known.sort(null);
        throw new IllegalArgumentException("unknown sweep '" + sweepId + "' in warehouse "
                + store.warehouse().location()
                + (known.isEmpty() ? " (it holds no sweeps)" : " (sweeps: " + String.join(", ", known) + ")"));
    }

    /** The sweep's finished trials (COMPLETED/REUSED) with the value of its metric. */
    private static List<Row> finishedValues(MetricsStore store, SweepRow s) {
        Dataset<Row> t = store.read(Tables.TRIALS)
                .where(col("study_id")
                        .startsWith(s.sweepId() + "/")
                        .and(col("state").isin("COMPLETED", "REUSED")));
        Dataset<Row> m = store.read(Tables.METRICS)
                .where(col("name")
                        .equalTo(s.metric())
                        .and(col("step").equalTo(0))
                        .and(col("study_id").startsWith(s.sweepId() + "/")));
        return t.as("t")
                .join(
                        m.as("m"),
                        col("t.trial_id")
                                .equalTo(col("m.trial_id"))
                                .and(col("t.attempt").equalTo(col("m.attempt"))))
                .select("t.study_id", "t.trial_id", "t.params_json", "t.seed", "t.fidelity", "m.value")
                .orderBy("t.study_id", "t.params_json", "t.seed", "t.trial_id")
                .collectAsList();
    }

    /** One ranked configuration. */
    public record Entry(
            int rank,
            String paramsJson,
            Double tuneValue,
            int tuneN,
            Double testMean,
            Double testStd,
            int testN,
            List<String> arms,
            List<String> testTrialIds) {
        ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("rank", rank);
            o.set("params", parse(paramsJson));
            putNullable(o, "tune_value", tuneValue);
            o.put("tune_n", tuneN);
            putNullable(o, "test_mean", testMean);
            putNullable(o, "test_std", testStd);
            o.put("test_n", testN);
            ArrayNode a = o.putArray("arms");
            arms.forEach(a::add);
            ArrayNode ids = o.putArray("test_trial_ids");
            testTrialIds.forEach(ids::add);
            return o;
        }
    }

    /** A sweep's leaderboard. {@code tested}: whether the ranking is by test seeds (false only with top_n: 0). */
    public record Leaderboard(
            String sweepId,
            String metric,
            SweepConfig.Direction direction,
            String fidelity,
            Double maxFidelity,
            boolean tested,
            List<Entry> entries)
            implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("sweep_id", sweepId);
            o.put("metric", metric);
            o.put("direction", direction.word());
            o.put("ranked_by", tested ? "test_mean" : "tune_value");
            ArrayNode a = o.putArray("entries");
            entries.forEach(e -> a.add(e.toJson()));
            return o;
        }

        @Override
        public void print(Console console) {
            console.println(String.format(
                    Locale.ROOT,
                    "sweep %s: %s (%s), ranked by %s",
                    sweepId,
                    metric,
                    direction.word(),
                    tested ? "test-seed mean" : "tune-seed value (no test phase was run)"));
            TextTable t = new TextTable("rank", "test mean +- std", "n", "tune value", "arms", "params");
            for (Entry e : entries) {
                t.row(
                        e.rank(),
                        e.testMean() == null
                                ? "-"
                                : String.format(Locale.ROOT, "%.5f +- %.5f", e.testMean(), e.testStd()),
                        e.testN(),
                        e.tuneValue() == null ? "-" : String.format(Locale.ROOT, "%.5f", e.tuneValue()),
                        String.join(",", e.arms()),
                        e.paramsJson());
            }
            console.println(t.render());
        }

        public Entry best() {
            return entries.isEmpty() ? null : entries.get(0);
        }
    }

    public static Leaderboard leaderboard(JobContext ctx, String sweepId) {
        ctx.phase("sweeplake-sweep-leaderboard", "leaderboard of sweep " + sweepId);
        SweepRow s = sweepRow(ctx.store(), sweepId);
        List<Row> rows = finishedValues(ctx.store(), s);
        String testStudy = SweepTables.study(sweepId, "test");
        Map<String, List<Double>> test = new LinkedHashMap<>();
        Map<String, List<String>> testIds = new LinkedHashMap<>();
        Map<String, List<Double>> tune = new LinkedHashMap<>();
        Map<String, Set<String>> arms = new TreeMap<>();
        for (Row r : rows) {
            String study = r.getString(0);
            String params = r.getString(2);
            Double fidelity = r.isNullAt(4) ? null : r.getDouble(4);
            double v = r.getDouble(5);
            if (study.equals(testStudy)) {
                test.computeIfAbsent(params, k -> new ArrayList<>()).add(v);
                testIds.computeIfAbsent(params, k -> new ArrayList<>()).add(r.getString(1));
            } else if (s.maxFidelity() == null || (fidelity != null && Math.abs(fidelity - s.maxFidelity()) < 1e-9)) {
                tune.computeIfAbsent(params, k -> new ArrayList<>()).add(v);
                arms.computeIfAbsent(params, k -> new LinkedHashSet<>())
                        .add(study.substring(study.lastIndexOf('/') + 1));
            }
        }
        boolean tested = !test.isEmpty();
        List<Entry> entries = new ArrayList<>();
        for (String params : tested ? test.keySet() : tune.keySet()) {
            List<Double> tv = tune.get(params);
            List<Double> te = test.get(params);
            entries.add(new Entry(
                    0,
                    params,
                    tv == null ? null : mean(tv),
                    tv == null ? 0 : tv.size(),
                    te == null ? null : mean(te),
                    te == null ? null : std(te),
                    te == null ? 0 : te.size(),
                    new ArrayList<>(arms.getOrDefault(params, Set.of())),
                    testIds.getOrDefault(params, List.of())));
        }
        Comparator<Entry> order = (a, b) -> s.direction()
                .compareBetterFirst(tested ? a.testMean() : a.tuneValue(), tested ? b.testMean() : b.tuneValue());
        entries.sort(order.thenComparing(Entry::paramsJson));
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            ranked.add(new Entry(
                    i + 1,
                    e.paramsJson(),
                    e.tuneValue(),
                    e.tuneN(),
                    e.testMean(),
                    e.testStd(),
                    e.testN(),
                    e.arms(),
                    e.testTrialIds()));
        }
        return new Leaderboard(sweepId, s.metric(), s.direction(), s.fidelity(), s.maxFidelity(), tested, ranked);
    }

    /** A sweep's status. */
    public record Status(
            String sweepId,
            String objective,
            String metric,
            SweepConfig.Direction direction,
            String sampler,
            String scheduler,
            Map<String, Map<String, Long>> byStudy,
            Map<String, Long> byState,
            Entry bestTune,
            Entry bestTest,
            List<Map<String, String>> runs)
            implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("sweep_id", sweepId);
            o.put("objective", objective);
            o.put("metric", metric);
            o.put("direction", direction.word());
            o.set("sampler", parse(sampler));
            o.set("scheduler", parse(scheduler));
            ObjectNode trials = o.putObject("trials");
            long total = byState.values().stream().mapToLong(Long::longValue).sum();
            trials.put("total", total);
            for (String st : List.of("COMPLETED", "REUSED", "FAILED", "TIMED_OUT", "PRUNED")) {
                trials.put(st.toLowerCase(Locale.ROOT), byState.getOrDefault(st, 0L));
            }
            ObjectNode studies = o.putObject("studies");
            byStudy.forEach((k, v) -> {
                ObjectNode so = studies.putObject(k);
                v.forEach((st, n) -> so.put(st.toLowerCase(Locale.ROOT), n));
            });
            if (bestTune == null) {
                o.putNull("best_tune");
            } else {
                ObjectNode b = o.putObject("best_tune");
                b.set("params", parse(bestTune.paramsJson()));
                b.put("tune_value", bestTune.tuneValue());
            }
            if (bestTest == null) {
                o.putNull("best_test");
            } else {
                ObjectNode b = o.putObject("best_test");
                b.set("params", parse(bestTest.paramsJson()));
                putNullable(b, "test_mean", bestTest.testMean());
                putNullable(b, "test_std", bestTest.testStd());
                b.put("test_n", bestTest.testN());
            }
            ArrayNode r = o.putArray("runs");
            runs.forEach(m -> {
                ObjectNode j = r.addObject();
                m.forEach(j::put);
            });
            return o;
        }

        @Override
        public void print(Console console) {
            console.println(String.format(
                    Locale.ROOT, "sweep %s: objective %s, %s (%s)", sweepId, objective, metric, direction.word()));
            console.println("sampler " + sampler + ", scheduler " + scheduler);
            TextTable t = new TextTable("study", "completed", "reused", "failed", "timed_out", "pruned");
            byStudy.forEach((k, v) -> t.row(
                    k,
                    v.getOrDefault("COMPLETED", 0L),
                    v.getOrDefault("REUSED", 0L),
                    v.getOrDefault("FAILED", 0L),
                    v.getOrDefault("TIMED_OUT", 0L),
                    v.getOrDefault("PRUNED", 0L)));
            console.println(t.render());
            if (bestTune != null) {
                console.println(String.format(
                        Locale.ROOT, "best tune value %.5f: %s", bestTune.tuneValue(), bestTune.paramsJson()));
            }
            if (bestTest != null) {
                console.println(String.format(
                        Locale.ROOT,
                        "best test mean %.5f +- %.5f (n=%d): %s",
                        bestTest.testMean(),
                        bestTest.testStd(),
                        bestTest.testN(),
                        bestTest.paramsJson()));
            }
            TextTable rt = new TextTable("run_id", "status", "started_at");
            runs.forEach(m -> rt.row(m.get("run_id"), m.get("status"), m.get("started_at")));
            console.println(rt.render());
        }
    }

    public static Status status(JobContext ctx, String sweepId) {
        ctx.phase("sweeplake-sweep-status", "status of sweep " + sweepId);
        MetricsStore store = ctx.store();
        SweepRow s = sweepRow(store, sweepId);
        store.markAbandonedRuns(); // runs whose driver died are listed as ABANDONED, not RUNNING
        Map<String, Map<String, Long>> byStudy = new TreeMap<>();
        Map<String, Long> byState = new TreeMap<>();
        Set<String> runIds = new LinkedHashSet<>();
        Dataset<Row> trials = store.read(Tables.TRIALS).where(col("study_id").startsWith(sweepId + "/"));
        for (Row r : trials.groupBy("study_id", "state", "run_id").count().collectAsList()) {
            String study = r.getString(0).substring(sweepId.length() + 1);
            byStudy.computeIfAbsent(study, k -> new TreeMap<>()).merge(r.getString(1), r.getLong(3), Long::sum);
            byState.merge(r.getString(1), r.getLong(3), Long::sum);
            runIds.add(r.getString(2));
        }
        Leaderboard board = leaderboard(ctx, sweepId);
        Entry bestTune = null;
        for (Entry e : board.entries()) {
            if (e.tuneValue() != null
                    && (bestTune == null || s.direction().better(e.tuneValue(), bestTune.tuneValue()))) {
                bestTune = e;
            }
        }
        if (!board.tested()) {
            bestTune = board.best();
        }
        List<Map<String, String>> runs = new ArrayList<>();
        if (!runIds.isEmpty()) {
            for (Row r : store.read(Tables.RUNS)
                    .where(col("run_id").isin(runIds.toArray()))
                    .orderBy("started_at")
                    .collectAsList()) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("run_id", r.getString(r.fieldIndex("run_id")));
                m.put("status", r.getString(r.fieldIndex("status")));
                Object st = r.get(r.fieldIndex("started_at"));
                m.put("started_at", st == null ? null : st.toString());
                runs.add(m);
            }
        }
        return new Status(
                sweepId,
                s.objective(),
                s.metric(),
                s.direction(),
                s.samplerJson(),
                s.schedulerJson(),
                byStudy,
                byState,
                bestTune,
                board.tested() ? board.best() : null,
                runs);
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? JsonNodeFactory.instance.nullNode() : JSON.readTree(json);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    static void putNullable(ObjectNode o, String key, Double v) {
        if (v == null || v.isNaN()) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    static double std(List<Double> v) {
        if (v.size() < 2) {
            return 0.0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.size() - 1));
    }
}
