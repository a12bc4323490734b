package dev.sweeplake.jobs.ctr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.TextTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Result of {@code sweeplake ctr bench}: the leaderboard for people, and for machines (the last stdout line with
 * {@code --json}) exactly {@code {"run_id", "dataset", "rows": [{"model", "params", "seed", "test_auc", "test_logloss",
 * "samples_per_s", "train_s", ...}]}} (lib-ctr rows add "peak_heap_bytes", "read_s", "num_features", "num_parameters",
 * "lazy_adam", "dense_kernel", "trial_heap_bytes", "encoded_bytes", "model_bytes", "optimizer_bytes", "gradient_bytes",
 * "trial_heap_ratio"; the trial heap and its ratio null when the trial shared its JVM with another) with one row per completed trial in the order they were configured; a {@code "failed"}
 * list ({@code model}, {@code seed}, {@code error}) is added only when some trial failed. Immutable.
 *
 * @param runId the run
 * @param dataset dataset name
 * @param datasetVersion content hash of the splits
 * @param splitsFolder where the prepared Parquet splits are
 * @param rows every trial, configured order
 */
public record CtrBenchResult(
        String runId, String dataset, String datasetVersion, String splitsFolder, List<CtrBenchRow> rows)
        implements JobResult {

    public CtrBenchResult {
        rows = List.copyOf(rows);
    }

    public List<CtrBenchRow> completed() {
        return rows.stream().filter(CtrBenchRow::ok).toList();
    }

    /** The completed row with the highest test AUC among lib-ctr models (baselines = false) or MLlib ones (true). */
    public Optional<CtrBenchRow> best(boolean baselines) {
        return completed().stream()
                .filter(r -> r.isBaseline() == baselines)
                .max(Comparator.comparingDouble(CtrBenchRow::testAuc));
    }

    /**
     * Mean figures of one configuration (model + params) over its completed seeds.
     *
     * @param model model name
     * @param params hyperparameters
     * @param seeds completed seeds
     * @param meanValidAuc mean best validation AUC
     * @param meanTestAuc mean test AUC
     * @param stdTestAuc sample standard deviation of the test AUC (0 for one seed)
     */
    public record ConfigSummary(
            String model, ObjectNode params, int seeds, double meanValidAuc, double meanTestAuc, double stdTestAuc) {}

    /** Completed rows grouped by configuration, in first-seen order. */
    public List<ConfigSummary> byConfiguration() {
        Map<String, List<CtrBenchRow>> groups = new java.util.LinkedHashMap<>();
        for (CtrBenchRow r : completed()) {
            groups.computeIfAbsent(r.model() + " " + r.params(), k -> new ArrayList<>())
                    .add(r);
        }
        List<ConfigSummary> out = new ArrayList<>();
        for (List<CtrBenchRow> g : groups.values()) {
            double mv = g.stream().mapToDouble(CtrBenchRow::validAuc).average().orElse(Double.NaN);
            double mt = g.stream().mapToDouble(CtrBenchRow::testAuc).average().orElse(Double.NaN);
            double var = g.size() < 2
                    ? 0
                    : g.stream()
                                    .mapToDouble(r -> (r.testAuc() - mt) * (r.testAuc() - mt))
                                    .sum()
                            / (g.size() - 1);
            out.add(new ConfigSummary(g.get(0).model(), g.get(0).params(), g.size(), mv, mt, Math.sqrt(var)));
        }
        return out;
    }

    /** The lib-ctr configuration with the best mean validation AUC (how a sweep would pick without seeing test data). */
    public Optional<ConfigSummary> pick() {
        return byConfiguration().stream()
                .filter(c -> !c.model().startsWith("mllib-"))
                .max(Comparator.comparingDouble(ConfigSummary::meanValidAuc));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("run_id", runId);
        o.put("dataset", dataset);
        ArrayNode a = o.putArray("rows");
        for (CtrBenchRow r : completed()) {
            ObjectNode j = a.addObject();
            j.put("model", r.model());
            j.set("params", r.params());
            j.put("seed", r.seed());
            j.put("test_auc", r.testAuc());
            j.put("test_logloss", r.testLogLoss());
            j.put("samples_per_s", r.samplesPerSecond());
            j.put("train_s", r.trainSeconds());
            j.setAll(r.extra());
        }
        List<CtrBenchRow> failed = rows.stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            ArrayNode f = o.putArray("failed");
            for (CtrBenchRow r : failed) {
                f.addObject().put("model", r.model()).put("seed", r.seed()).put("error", r.error());
            }
        }
        return o;
    }

    @Override
    public void print(Console console) {
        List<CtrBenchRow> sorted = new ArrayList<>(completed());
        sorted.sort(Comparator.comparingDouble(CtrBenchRow::testAuc).reversed());
        TextTable t = new TextTable(
                "#",
                "model",
                "params",
                "seed",
                "test AUC",
                "test logloss",
                "valid AUC",
                "epochs",
                "samples/s",
                "train s");
        int rank = 1;
        for (CtrBenchRow r : sorted) {
            t.row(
                    rank++,
                    r.model(),
                    shortParams(r.params()),
                    r.seed(),
                    f4(r.testAuc()),
                    f4(r.testLogLoss()),
                    f4(r.validAuc()),
                    r.isBaseline() ? r.epochs() + " it" : r.bestEpoch() + "/" + r.epochs(),
                    String.format(Locale.ROOT, "%,.0f", r.samplesPerSecond()),
                    String.format(Locale.ROOT, "%.1f", r.trainSeconds()));
        }
        console.println("");
        console.println(
                String.format(Locale.ROOT, "CTR bench on %s (version %s), run %s", dataset, datasetVersion, runId));
        console.println(t.render());
        for (CtrBenchRow r : rows) {
            if (!r.ok()) {
                console.println(String.format(Locale.ROOT, "FAILED %s seed %d: %s", r.model(), r.seed(), r.error()));
            }
        }
        List<ConfigSummary> configs = byConfiguration();
        if (configs.stream().anyMatch(c -> c.seeds() > 1)) {
            TextTable c = new TextTable("model", "params", "seeds", "mean valid AUC", "mean test AUC", "std test AUC");
            for (ConfigSummary s : configs) {
                c.row(
                        s.model(),
                        shortParams(s.params()),
                        s.seeds(),
                        f4(s.meanValidAuc()),
                        f4(s.meanTestAuc()),
                        f4(s.stdTestAuc()));
            }
            console.println("per configuration (mean over seeds):");
            console.println(c.render());
            pick().ifPresent(p -> console.println(String.format(
                    Locale.ROOT,
                    "pick by mean validation AUC: %s %s -> mean test AUC %.4f over %d seeds",
                    p.model(),
                    shortParams(p.params()),
                    p.meanTestAuc(),
                    p.seeds())));
        }
        Optional<CtrBenchRow> lib = best(false);
        Optional<CtrBenchRow> mllib = best(true);
        if (lib.isPresent() && mllib.isPresent()) {
            console.println(String.format(
                    Locale.ROOT,
                    "best lib-ctr %s %.4f vs best MLlib %s %.4f: %+.4f test AUC",
                    lib.get().model(),
                    lib.get().testAuc(),
                    mllib.get().model(),
                    mllib.get().testAuc(),
                    lib.get().testAuc() - mllib.get().testAuc()));
        }
        console.println("prepared splits: " + splitsFolder);
        console.println("run " + runId + " recorded in the runs/trials/metrics tables; see 'sweeplake tables'.");
    }

    static String f4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    static String shortParams(ObjectNode p) {
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = p.fields(); it.hasNext(); ) {
            var e = it.next();
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(abbrev(e.getKey()))
                    .append('=')
                    .append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
        }
        return sb.toString();
    }

    private static String abbrev(String k) {
        return switch (k) {
            case "embedding_dim" -> "emb";
            case "learning_rate" -> "lr";
            case "batch_size" -> "bs";
            case "l2_embedding" -> "l2e";
            case "l2_weights" -> "l2w";
            case "hidden_units" -> "mlp";
            case "cross_layers" -> "cross";
            default -> k;
        };
    }
}
