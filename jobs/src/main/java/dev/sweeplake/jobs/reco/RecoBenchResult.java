package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ctr.reco.RankingMetrics;
import dev.sweeplake.ctr.reco.RecoSplits;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.TextTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Result of {@code sweeplake reco bench}: the leaderboard for people and, for machines (the last stdout line with
 * {@code --json}), {@code {"run_id", "dataset", "k", "rows": [{"model", "params", "seed", "ndcg_at_K", "recall_at_K",
 * "precision_at_K", "map", "map_at_K", "train_s"}]}} (K = the bench's k; test metrics; one row per completed trial in
 * plan order), plus {@code "picks"} (per model, the point with the best validation nDCG and its test figures) and a
 * {@code "failed"} list only when some trial failed. Immutable.
 *
 * @param runId the run
 * @param dataset dataset name
 * @param version the splits' content address
 * @param splitsFolder where the split files are
 * @param k the cut-off
 * @param splits sizes and cold counts
 * @param rows every trial, plan order
 */
public record RecoBenchResult(
        String runId,
        String dataset,
        String version,
        String splitsFolder,
        int k,
        SplitSummary splits,
        List<RecoBenchRow> rows)
        implements JobResult {

    /** Sizes of the splits and the protocol's counts. */
    public record SplitSummary(
            int rawRows,
            int sampledOut,
            int belowThreshold,
            int kcoreRemoved,
            int train,
            int valid,
            int test,
            int users,
            int items,
            RecoSplits.Stats stats) {}

    public RecoBenchResult {
        rows = List.copyOf(rows);
    }

    public List<RecoBenchRow> completed() {
        return rows.stream().filter(RecoBenchRow::ok).toList();
    }

    /** Per model, the completed point with the best mean validation nDCG over its seeds (first in plan order on ties). */
    public Map<String, RecoBenchRow> picks() {
        Map<String, List<RecoBenchRow>> byPoint = new LinkedHashMap<>();
        for (RecoBenchRow r : completed()) {
            byPoint.computeIfAbsent(r.model() + " " + r.params(), x -> new ArrayList<>())
                    .add(r);
        }
        Map<String, RecoBenchRow> best = new LinkedHashMap<>();
        Map<String, Double> bestScore = new LinkedHashMap<>();
        for (List<RecoBenchRow> g : byPoint.values()) {
            double s = g.stream().mapToDouble(RecoBenchRow::validNdcg).average().orElse(Double.NaN);
            String m = g.get(0).model();
            if (!bestScore.containsKey(m) || s > bestScore.get(m)) {
                bestScore.put(m, s);
                best.put(m, g.get(0));
            }
        }
        return best;
    }

    /** Mean test metric of a point over its completed seeds. */
    public double meanTest(RecoBenchRow point, java.util.function.ToDoubleFunction<RankingMetrics> metric) {
        return completed().stream()
                .filter(r -> r.model().equals(point.model()) && r.params().equals(point.params()))
                .mapToDouble(r -> metric.applyAsDouble(r.test()))
                .average()
                .orElse(Double.NaN);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("run_id", runId);
        o.put("dataset", dataset);
        o.put("k", k);
        ArrayNode a = o.putArray("rows");
        String at = "_at_" + k;
        for (RecoBenchRow r : completed()) {
            ObjectNode j = a.addObject();
            j.put("model", r.model());
            j.set("params", r.params());
            j.put("seed", r.seed());
            j.put("ndcg" + at, r.test().ndcg());
            j.put("recall" + at, r.test().recall());
            j.put("precision" + at, r.test().precision());
            j.put("map", r.test().map());
            j.put("map" + at, r.test().mapAtK());
            j.put("train_s", r.trainSeconds());
            if (r.ann() != null) {
                RecoAnnComparison c = r.ann();
                j.putObject("ann")
                        .put("setting", c.setting())
                        .put("recall_vs_exact", c.recallVsExact())
                        .put("ndcg" + at, c.test().ndcg())
                        .put("recall" + at, c.test().recall())
                        .put("precision" + at, c.test().precision())
                        .put("map", c.test().map())
                        .put("map" + at, c.test().mapAtK())
                        .put("ndcg_change", c.ndcgChange(r.test()))
                        .put("users_per_s", c.usersPerSecond())
                        .put("exact_users_per_s", c.exactUsersPerSecond())
                        .put("build_s", c.buildSeconds());
            }
        }
        ArrayNode p = o.putArray("picks");
        for (RecoBenchRow r : picks().values()) {
            p.addObject()
                    .put("model", r.model())
                    .<ObjectNode>set("params", r.params())
                    .put("valid_ndcg" + at, r.validNdcg())
                    .put("test_ndcg" + at, meanTest(r, RankingMetrics::ndcg));
        }
        List<RecoBenchRow> failed = rows.stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            ArrayNode f = o.putArray("failed");
            for (RecoBenchRow r : failed) {
                f.addObject().put("model", r.model()).put("seed", r.seed()).put("error", r.error());
            }
        }
        return o;
    }

    @Override
    public void print(Console console) {
        List<RecoBenchRow> sorted = new ArrayList<>(completed());
        sorted.sort(
                Comparator.comparingDouble((RecoBenchRow r) -> r.test().ndcg()).reversed());
        TextTable t = new TextTable(
                "#",
                "model",
                "params",
                "seed",
                "valid nDCG",
                "nDCG",
                "nDCG graded",
                "P",
                "R",
                "MAP",
                "MAP@k",
                "HR",
                "MRR",
                "coverage",
                "users/s",
                "train s");
        int rank = 1;
        for (RecoBenchRow r : sorted) {
            RankingMetrics m = r.test();
            t.row(
                    rank++,
                    r.model(),
                    shortParams(r.params()),
                    r.seed(),
                    f4(r.validNdcg()),
                    f4(m.ndcg()),
                    f4(m.ndcgGraded()),
                    f4(m.precision()),
                    f4(m.recall()),
                    f4(m.map()),
                    f4(m.mapAtK()),
                    f4(m.hitRate()),
                    f4(m.mrr()),
                    f4(m.coverage()),
                    String.format(Locale.ROOT, "%,.0f", r.usersPerSecond()),
                    String.format(Locale.ROOT, "%.1f", r.trainSeconds()));
        }
        console.println("");
        console.println(String.format(
                Locale.ROOT,
                "Reco bench on %s (splits %s), k = %d, run %s; test metrics of models "
                        + "fitted on train + valid, seen items removed",
                dataset,
                version,
                k,
                runId));
        SplitSummary s = splits;
        console.println(String.format(
                Locale.ROOT,
                "rows: %,d read, %,d outside the user sample, %,d below the rating "
                        + "threshold, %,d removed by k-core; split %,d train / %,d valid / %,d test, %,d users x %,d items; test: %d "
                        + "cold users (excluded), %d rows of items unseen in training (kept relevant)",
                s.rawRows(),
                s.sampledOut(),
                s.belowThreshold(),
                s.kcoreRemoved(),
                s.train(),
                s.valid(),
                s.test(),
                s.users(),
                s.items(),
                s.stats().testColdUsers(),
                s.stats().testColdItemRows()));
        console.println(t.render());
        for (RecoBenchRow r : rows) {
            if (!r.ok()) {
                console.println(String.format(
                        Locale.ROOT,
                        "FAILED %s %s seed %d: %s",
                        r.model(),
                        shortParams(r.params()),
                        r.seed(),
                        r.error()));
            }
        }
        printAnn(console, sorted);
        Map<String, RecoBenchRow> picks = picks();
        if (!picks.isEmpty()) {
            console.println("picked on validation nDCG@" + k + " (per model), reported on test:");
            for (RecoBenchRow r : picks.values()) {
                console.println(String.format(
                        Locale.ROOT,
                        "  %-13s %-40s valid %s -> test nDCG@%d %s",
                        r.model(),
                        shortParams(r.params()),
                        f4(r.validNdcg()),
                        k,
                        f4(meanTest(r, RankingMetrics::ndcg))));
            }
        }
        Optional<RecoBenchRow> users = completed().stream().findFirst();
        users.ifPresent(r -> console.println(String.format(
                Locale.ROOT,
                "evaluated users: %d (test), %d cold users " + "excluded",
                r.test().users(),
                r.test().coldUsers())));
        console.println("prepared splits: " + splitsFolder);
        console.println("run " + runId + " recorded in the runs/trials/metrics tables; see 'sweeplake tables'.");
    }

    private void printAnn(Console console, List<RecoBenchRow> sorted) {
        List<RecoBenchRow> ann = sorted.stream().filter(r -> r.ann() != null).toList();
        if (ann.isEmpty()) {
            return;
        }
        TextTable t = new TextTable(
                "model",
                "params",
                "seed",
                "ANN",
                "recall@k vs exact",
                "nDCG exact",
                "nDCG ANN",
                "change",
                "R exact",
                "R ANN",
                "users/s exact",
                "users/s ANN",
                "build s");
        for (RecoBenchRow r : ann) {
            RecoAnnComparison c = r.ann();
            t.row(
                    r.model(),
                    shortParams(r.params()),
                    r.seed(),
                    c.setting(),
                    f4(c.recallVsExact()),
                    f4(r.test().ndcg()),
                    f4(c.test().ndcg()),
                    String.format(Locale.ROOT, "%+.4f", c.ndcgChange(r.test())),
                    f4(r.test().recall()),
                    f4(c.test().recall()),
                    String.format(Locale.ROOT, "%,.0f", c.exactUsersPerSecond()),
                    String.format(Locale.ROOT, "%,.0f", c.usersPerSecond()),
                    String.format(Locale.ROOT, "%.2f", c.buildSeconds()));
        }
        console.println("ANN retrieval (lib-ann index over the item factors) vs exact, test split:");
        console.println(t.render());
    }

    static String f4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    static String shortParams(ObjectNode p) {
        StringBuilder sb = new StringBuilder();
        p.fields().forEachRemaining(e -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey())
                    .append('=')
                    .append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
        });
        return sb.toString();
    }
}
