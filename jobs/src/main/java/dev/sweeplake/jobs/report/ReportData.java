package dev.sweeplake.jobs.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a report shows, read from the warehouse once on the driver: the runs, the trials in scope with their final
 * (step 0) metrics, and the sweeps those trials belong to with all of their trials (a sweep spans runs). Writes nothing.
 * Immutable after {@link #load}; thread-safe.
 */
final class ReportData {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of {@code runs}. */
    record Run(String runId, String command, String status, Instant startedAt, Double durationS, String error) {}

    /** One trial attempt with its step-0 metrics (name to value). */
    record Trial(
            String runId,
            String studyId,
            String trialId,
            int attempt,
            String benchmark,
            String datasetVersion,
            String paramsJson,
            JsonNode params,
            Long seed,
            String seedRole,
            Double fidelity,
            String state,
            Instant endedAt,
            Double durationS,
            Map<String, Double> metrics) {
        boolean finished() {
            return state.equals("COMPLETED") || state.equals("REUSED");
        }

        /** A finite metric value, or null. */
        Double metric(String name) {
            Double v = metrics.get(name);
            return v == null || v.isNaN() || v.isInfinite() ? null : v;
        }
    }

    /** One row of the {@code sweeps} table and all the sweep's trials. */
    record Sweep(
            String sweepId,
            String objective,
            String metric,
            boolean maximize,
            String fidelity,
            Double maxFidelity,
            List<Trial> trials) {}

    final ReportScope scope;
    final String warehouse;
    final List<Run> runs;
    final List<Trial> trials;
    final List<Sweep> sweeps;

    private ReportData(ReportScope scope, String warehouse, List<Run> runs, List<Trial> trials, List<Sweep> sweeps) {
        this.scope = scope;
        this.warehouse = warehouse;
        this.runs = List.copyOf(runs);
        this.trials = List.copyOf(trials);
        this.sweeps = List.copyOf(sweeps);
    }

    /**
     * Reads what {@code scope} selects. An unknown run id, or a study id or date that selects nothing, is an
     * IllegalArgumentException naming it and what the warehouse holds.
     */
    static ReportData load(MetricsStore store, ReportScope scope) {
        String where = store.warehouse().location();
        if (!store.exists(Tables.RUNS)) {
            throw new IllegalArgumentException("warehouse " + where
                    + " holds no runs table: nothing to report (run a command " + "such as 'sweeplake demo' first)");
        }
        // Few Spark jobs (each costs a Delta log replay): every selection is collected once and checked on the driver.
        Dataset<Row> runs = store.read(Tables.RUNS);
        Dataset<Row> trials = store.exists(Tables.TRIALS) ? store.read(Tables.TRIALS) : null;
        List<Run> runList;
        List<Trial> trialList;
        switch (scope.kind()) {
            case RUN -> {
                runList = runs(runs.where(col("run_id").equalTo(scope.value())));
                if (runList.isEmpty()) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "--run: unknown run '%s' in warehouse %s " + "(latest runs: %s)",
                            scope.value(),
                            where,
                            latestRunIds(store)));
                }
                trialList = trials == null
                        ? List.of()
                        : collectTrials(store, trials.where(col("run_id").equalTo(scope.value())));
            }
            case STUDY -> {
                Column sel = col("study_id")
                        .equalTo(scope.value())
                        .or(col("study_id").startsWith(scope.value() + "/"));
                trialList = trials == null ? List.of() : collectTrials(store, trials.where(sel));
                if (trialList.isEmpty()) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "--study: no trial has study '%s' (or a study " + "below it) in warehouse %s (studies: %s)",
                            scope.value(),
                            where,
                            someStudies(store)));
                }
                runList = runs(runs.where(col("run_id")
                        .isin(trialList.stream().map(Trial::runId).distinct().toArray())));
            }
            case SINCE -> {
                runList = runs(runs.where(col("started_at").geq(java.sql.Timestamp.from(scope.since()))));
                if (runList.isEmpty()) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "--since: no run started at or after %s in " + "warehouse %s (latest runs: %s)",
                            scope.since(),
                            where,
                            latestRunIds(store)));
                }
                trialList = trials == null
                        ? List.of()
                        : collectTrials(
                                store,
                                trials.where(col("run_id")
                                        .isin(runList.stream().map(Run::runId).toArray())));
            }
            case ALL -> {
                runList = runs(runs);
                trialList = trials == null ? List.of() : collectTrials(store, trials);
            }
            default -> throw new IllegalStateException("scope " + scope.kind());
        }
        return new ReportData(
                scope,
                store.warehouse()
                        .root(store.spark().sparkContext().hadoopConfiguration())
                        .toString(),
                runList,
                trialList,
                sweeps(store, trialList));
    }

    private static List<Run> runs(Dataset<Row> runs) {
        List<Run> out = new ArrayList<>();
        for (Row r : runs.select("run_id", "command", "status", "started_at", "duration_s", "error")
                .collectAsList()) {
            out.add(new Run(
                    str(r, "run_id"),
                    str(r, "command"),
                    str(r, "status"),
                    instant(r, "started_at"),
                    dbl(r, "duration_s"),
                    str(r, "error")));
        }
        out.sort(Comparator.comparing((Run r) -> r.startedAt() == null ? Instant.MIN : r.startedAt())
                .reversed());
        return out;
    }

    /** Trials in {@code benchmarks} whose name starts with one of the prefixes, in the order read. */
    List<Trial> trialsOf(String benchmarkPrefix) {
        return trials.stream()
                .filter(t -> t.benchmark().startsWith(benchmarkPrefix))
                .toList();
    }

    private static List<Trial> collectTrials(MetricsStore store, Dataset<Row> trials) {
        List<Row> rows = trials.collectAsList();
        Map<String, Map<String, Double>> metrics = new HashMap<>();
        java.util.Set<String> studies = new java.util.TreeSet<>();
        rows.forEach(r -> studies.add(str(r, "study_id")));
        if (!rows.isEmpty() && store.exists(Tables.METRICS)) {
            // Final (step 0) values of the selected studies, matched to the trials on the driver.
            Dataset<Row> m = store.read(Tables.METRICS)
                    .where(col("step").equalTo(0).and(col("study_id").isin(studies.toArray())));
            for (Row r :
                    m.select("study_id", "trial_id", "attempt", "name", "value").collectAsList()) {
                Object v = r.get(4);
                metrics.computeIfAbsent(
                                r.getString(0) + "\u0000" + r.getString(1) + "\u0000" + r.getInt(2),
                                k -> new TreeMap<>())
                        .put(r.getString(3), v == null ? Double.NaN : ((Number) v).doubleValue());
            }
        }
        List<Trial> out = new ArrayList<>();
        for (Row r : rows) {
            String params = str(r, "params_json");
            Object seed = r.get(r.fieldIndex("seed"));
            int attempt = r.getInt(r.fieldIndex("attempt"));
            String key = str(r, "study_id") + "\u0000" + str(r, "trial_id") + "\u0000" + attempt;
            out.add(new Trial(
                    str(r, "run_id"),
                    str(r, "study_id"),
                    str(r, "trial_id"),
                    attempt,
                    str(r, "benchmark"),
                    str(r, "dataset_version"),
                    params,
                    parse(params),
                    seed == null ? null : ((Number) seed).longValue(),
                    str(r, "seed_role"),
                    dbl(r, "fidelity"),
                    str(r, "state"),
                    instant(r, "ended_at"),
                    dbl(r, "duration_s"),
                    metrics.getOrDefault(key, Map.of())));
        }
        out.sort(Comparator.comparing((Trial t) -> t.endedAt() == null ? Instant.MAX : t.endedAt())
                .thenComparing(Trial::trialId)
                .thenComparingInt(Trial::attempt));
        return out;
    }

    private static List<Sweep> sweeps(MetricsStore store, List<Trial> inScope) {
        if (!store.exists(dev.sweeplake.jobs.store.Tables.SWEEPS) || inScope.isEmpty()) {
            return List.of();
        }
        Map<String, Row> touched = new LinkedHashMap<>();
        for (Row r : store.read(dev.sweeplake.jobs.store.Tables.SWEEPS)
                .orderBy("sweep_id")
                .collectAsList()) {
            String id = str(r, "sweep_id");
            if (inScope.stream().anyMatch(t -> t.studyId().startsWith(id + "/"))) {
                touched.put(id, r);
            }
        }
        List<Sweep> out = new ArrayList<>();
        for (Map.Entry<String, Row> e : touched.entrySet()) {
            Row r = e.getValue();
            Dataset<Row> t = store.read(Tables.TRIALS).where(col("study_id").startsWith(e.getKey() + "/"));
            out.add(new Sweep(
                    e.getKey(),
                    str(r, "objective"),
                    str(r, "metric"),
                    str(r, "direction").toLowerCase(Locale.ROOT).startsWith("max"),
                    str(r, "fidelity"),
                    dbl(r, "max_fidelity"),
                    collectTrials(store, t)));
        }
        return out;
    }

    private static String latestRunIds(MetricsStore store) {
        List<String> ids = store.read(Tables.RUNS)
                .orderBy(col("started_at").desc())
                .select("run_id")
                .limit(5)
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    private static String someStudies(MetricsStore store) {
        if (!store.exists(Tables.TRIALS)) {
            return "none";
        }
        List<String> ids = store.read(Tables.TRIALS)
                .select("study_id")
                .distinct()
                .orderBy("study_id")
                .limit(10)
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    static String str(Row r, String name) {
        return r.getString(r.fieldIndex(name));
    }

    static Double dbl(Row r, String name) {
        Object v = r.get(r.fieldIndex(name));
        return v == null ? null : ((Number) v).doubleValue();
    }

    static Instant instant(Row r, String name) {
        Object v = r.get(r.fieldIndex(name));
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return v instanceof Instant i ? i : null;
    }
}
